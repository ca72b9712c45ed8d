"""The printed briefing pack: a BookContent laid out as a PDF with ReportLab."""

from ..errors import Cancelled
from .export import ExportResult, export_pdf

__all__ = ["Cancelled", "ExportResult", "export_pdf"]
