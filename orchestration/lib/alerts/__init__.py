"""The alerts file: each run appends the alerts it has not reported yet, one JSON object per line (docs/alerts.md).

file.py writes any kind of alert (a dict with an `alert_id`), exactly once across runs; spikes.py makes the
entity_spike alerts from marts.entity_spikes. Nothing here touches the network: mail or chat tools read the file.
"""
