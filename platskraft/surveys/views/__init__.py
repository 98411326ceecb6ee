"""Survey views, one module per part: builder (staff), answer (residents, field mode, kiosk), results."""
