"""Issued documents: signing and verifying their payloads, and the printable PDFs (permits,
certificates, receipts and one-time notices)."""
