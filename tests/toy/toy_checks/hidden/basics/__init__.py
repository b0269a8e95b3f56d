"""The toy course's hidden checks of lecture basics, one module per exercise."""
