"""EnrollFlow models: pure code over DataFrames, taking ``now`` and seeds as arguments.

Nothing here imports Dagster or reads the environment; ``orchestration/defs/ml`` wires these
functions into assets.
"""
