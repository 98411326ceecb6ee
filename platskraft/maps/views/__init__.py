"""The analysis page (staff and published) and its exports."""
