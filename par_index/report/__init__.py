"""Reports for leadership: one offline HTML file and an Excel workbook from a period's results."""

from par_index.report.excel import write_excel_report
from par_index.report.html import render_html, write_html_report

__all__ = ["render_html", "write_excel_report", "write_html_report"]
