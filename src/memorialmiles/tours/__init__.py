"""Tours: a backlog of stops and a driver's limits -> a day-by-day itinerary.

Pure Python (no Django), like gps and results: the planner is tested with property tests and
benchmarked on its own, and the `memorialmiles tours plan` command runs it with nothing set up.
The order of the stops comes from OR-Tools' routing solver (see docs/tours.md for why it won
over VROOM); the calendar is then laid out by `schedule.lay_out`, which alone decides what a
day holds, so no solver answer can break a window or a daily limit.
"""
