"""Closed vocabularies and bounds of the behaviour-support records (``behavior.toml``)."""

from __future__ import annotations

from caseterm.model.fields import BOUNDS

FUNCTIONS: dict[str, str] = {
    "attention": "to get attention from adults or peers",
    "escape": "to escape or avoid a task, demand or setting",
    "tangible": "to get an item or activity",
    "sensory": "automatic: the sensation itself",
}
"""Hypothesized functions of a behaviour (Cooper, Heron & Heward, ch. 27)."""

FBA_STATUSES = ("planned", "in-progress", "complete")

METHODS: dict[str, str] = {
    "frequency": "a tally of occurrences (rate per hour)",
    "duration": "each episode's start and stop (seconds from the session's start)",
    "latency": "seconds from the cue to the behaviour, one per trial",
    "whole-interval": "an interval is marked when the behaviour lasted all of it",
    "partial-interval": "an interval is marked when the behaviour occurred at any time in it",
    "momentary": "momentary time sampling: marked when occurring at the interval's end",
}
"""How a behaviour is measured in one observation session."""

INTERVAL_METHODS = ("whole-interval", "partial-interval", "momentary")

MAX_COUNT = BOUNDS["observation.count"].high
"""Occurrences of one behaviour in one session."""
MAX_SECONDS = BOUNDS["observation.[]"].high
"""Seconds from a session's start (a 10-hour day) for episodes and latencies; also the
most one interval's tally may hold."""
MAX_INTERVAL_SECONDS = BOUNDS["observation.interval"].high
MAX_INTERVALS = 2_400
"""Intervals in one session (a 10-hour day of 15-second intervals)."""
INTENSITY = (BOUNDS["abc.intensity"].low, BOUNDS["abc.intensity"].high)
"""ABC events: intensity from 1 (mild) to 5 (severe)."""
IOA_CRITERION = 80.0
"""Agreement at or above this percentage is usually taken as acceptable."""
