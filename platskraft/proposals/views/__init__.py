"""Views of the proposals app: residents' pages in `public`, the staff side in `staff`."""
