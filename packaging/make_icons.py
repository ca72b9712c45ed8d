"""Render the application icon SVG into the standard PNG sizes (run from the repository root)."""
import sys
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtCore import Qt
app = QGuiApplication(sys.argv)
src = "resources/icons/app/org.briefingbook.BriefingBook.svg"
r = QSvgRenderer(src)
for size in (16, 24, 32, 48, 64, 128, 256, 512):
    img = QImage(size, size, QImage.Format_ARGB32)
    img.fill(Qt.transparent)
    p = QPainter(img); p.setRenderHint(QPainter.Antialiasing); r.render(p); p.end()
    img.save(f"resources/icons/app/{size}x{size}.png")
print("ok")
