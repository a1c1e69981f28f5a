"""Support for the living: grants for injured first responders, and gifts that pay for flags
and travel. Applications and donors' details are private; totals are public."""
