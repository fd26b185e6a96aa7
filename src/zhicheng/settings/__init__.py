"""Settings: `base` holds everything, `demo`, `test` and `production` choose the mode."""
