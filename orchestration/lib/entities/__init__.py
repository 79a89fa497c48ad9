"""Entity resolution and geocoding: one entity per real-world thing, and places on the map (no Dagster here)."""
