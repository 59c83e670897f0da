"""The app's key actions, grouped by what they act on (one mixin per module)."""
