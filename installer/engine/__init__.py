"""The install engine: steps, plan/apply runner, typed events, journal. Imports no Qt."""
