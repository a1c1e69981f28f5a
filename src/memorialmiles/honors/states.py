"""States for the honor wall's filters: the registry's table, as form choices sorted by name."""

from memorialmiles.registry.states import STATE_NAMES as STATES

STATE_CHOICES = sorted(STATES.items(), key=lambda item: item[1])
