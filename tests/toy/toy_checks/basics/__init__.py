"""The toy course's public checks of lecture basics, one module per exercise."""
