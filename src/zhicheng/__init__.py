"""zhicheng: an open platform for engineering professional-title rounds."""

__version__ = "0.1.0"
