"""Render the application icon SVG into the standard PNG sizes, and the Windows
.ico and macOS .icns the packaged app needs (run from the repository root)."""

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SOURCE = "resources/icons/app/org.briefingbook.BriefingBook.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> None:
    app = QGuiApplication(sys.argv)  # noqa: F841 (Qt needs an application to render)
    renderer = QSvgRenderer(SOURCE)
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(f"resources/icons/app/{size}x{size}.png")
    from PIL import Image  # Pillow comes with ReportLab

    largest = Image.open("resources/icons/app/512x512.png")
    largest.save("packaging/briefing.ico", sizes=[(s, s) for s in SIZES if s <= 256])
    largest.save("packaging/briefing.icns")


if __name__ == "__main__":
    main()
