"""OCR of scanned PDF pages (Tesseract, in the background worker).

detection (which pages lack a usable text layer) and engine/render (one
page read in limited child processes) are plain libraries; operations
queues pages on upload and re-runs for staff; worker reads them; views
show the state to staff and "teks hasil OCR" to readers.
"""
