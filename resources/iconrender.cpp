#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QTextStream>

#include <cstdlib>

// parallax-iconrender SVG OUTDIR SIZE…: writes OUTDIR/<size>x<size>/apps/io.parallax.Parallax.png
// for each size, drawn from the one SVG icon at build time (the hicolor theme's PNG sizes).
int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList args = QGuiApplication::arguments();
    if (args.size() < 4) {
        QTextStream(stderr) << "usage: parallax-iconrender SVG OUTDIR SIZE...\n";
        return 2;
    }
    QSvgRenderer svg(args.at(1));
    if (!svg.isValid()) {
        QTextStream(stderr) << args.at(1) << ": not a readable SVG\n";
        return 1;
    }
    for (qsizetype i = 3; i < args.size(); ++i) {
        const int size = args.at(i).toInt();
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        svg.render(&painter);
        painter.end();
        const QString dir =
            args.at(2) + QLatin1Char('/') + args.at(i) + QLatin1Char('x') + args.at(i) + QLatin1String("/apps");
        if (!QDir().mkpath(dir) || !image.save(dir + QLatin1String("/io.parallax.Parallax.png"), "PNG", 9)) {
            QTextStream(stderr) << dir << ": cannot write the icon\n";
            return 1;
        }
    }
    return EXIT_SUCCESS;
}
