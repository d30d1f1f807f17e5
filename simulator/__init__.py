"""A synthetic education business with planted ground truth (see ``simulate``).

The simulator writes the landing zone exactly as docs/data-contract.md describes, plus the truth
(preferred send hours, channel effects, A/B uplifts, campaign drivers, holdouts and the enrollments
each campaign caused) under ``<out>/truth/``.
"""

from simulator.generate import simulate

__all__ = ["simulate"]
