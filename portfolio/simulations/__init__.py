"""Interview simulations with professionals: company slots, bookings, feedback."""
