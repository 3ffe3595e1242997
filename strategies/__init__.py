"""Documented strategies and their history, the board's activity feed and the onboarding guide.

A strategy is attached to a map, one of its stages or one of its touchpoints.
Every save writes an immutable revision (see `models.Strategy.save`); the
services in `services.py` are the only writers the app uses. `activity.py`
records the board's own changes, `guide.py` tracks who has read which stage and
when a stage was last reviewed.
"""
