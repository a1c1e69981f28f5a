"""The organizer's tour planner: stops picked from the backlog, solved by the pure `tours`
core, shown on a map and a list, edited by hand, exported, and turned into proposed runs."""
