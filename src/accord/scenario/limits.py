"""Limits on the numbers of a scenario, shared by the model and the readers that need no model."""

#: The largest magnitude of any number in a scenario (positions, scale ends, capabilities, …):
#: far beyond any real scale (years, percentages, money in dollars), and far enough from
#: floating point's limit (1.8e308) that every model's arithmetic stays finite. A scale from
#: -1e308 to 1e308 made forecasts infinite or NaN.
MAX_MAGNITUDE = 1e15
