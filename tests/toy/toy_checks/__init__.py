"""Checks of the toy course the engine's tests grade (see tests/toy/course.yaml)."""
