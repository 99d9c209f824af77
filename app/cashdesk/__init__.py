"""The cash desk: payment intake (posting with the exact split), shifts, receipts, registries."""
