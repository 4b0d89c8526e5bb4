package dev.mmuscript.report;

/**
 * SVG written as text, element by element: integer coordinates only and ASCII only (anything else as a character
 * reference), so that the same drawing is the same bytes on every machine and in every locale. A few shapes, text
 * and tooltips are all a timeline needs; a library would bring a DOM for them.
 */
final class Svg {
    private final StringBuilder out = new StringBuilder();

    /** The document's start: its size, a tooltip-like title, the style sheet, a white background. */
    Svg(int width, int height, String title, String style) {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>\n").append(style).append("</style>\n");
        rect(0, 0, width, height, "#ffffff", "");
    }

    /** The document, closed. */
    String end() {
        return out.append("</svg>\n").toString();
    }

    void rect(int x, int y, int width, int height, String fill, String extra) {
        out.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" fill=\"").append(fill).append('"').append(extra)
                .append("/>\n");
    }

    void line(int x1, int y1, int x2, int y2, String stroke) {
        out.append("<line x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"").append(x2)
                .append("\" y2=\"").append(y2).append("\" stroke=\"").append(stroke).append("\"/>\n");
    }

    void circle(int cx, int cy, int r, String fill) {
        out.append("<circle cx=\"").append(cx).append("\" cy=\"").append(cy).append("\" r=\"").append(r)
                .append("\" fill=\"").append(fill).append("\"/>\n");
    }

    /** A diamond of half-width {@code r} around (cx, cy). */
    void diamond(int cx, int cy, int r, String fill) {
        out.append("<polygon points=\"").append(cx).append(',').append(cy - r).append(' ').append(cx + r)
                .append(',').append(cy).append(' ').append(cx).append(',').append(cy + r).append(' ')
                .append(cx - r).append(',').append(cy).append("\" fill=\"").append(fill).append("\"/>\n");
    }

    /** A cross of half-width {@code r} around (cx, cy). */
    void cross(int cx, int cy, int r, String stroke) {
        out.append("<path d=\"M").append(cx - r).append(' ').append(cy - r).append('L').append(cx + r).append(' ')
                .append(cy + r).append('M').append(cx + r).append(' ').append(cy - r).append('L').append(cx - r)
                .append(' ').append(cy + r).append("\" stroke=\"").append(stroke).append("\" stroke-width=\"2\"/>\n");
    }

    /** One line of text in class {@code cls} ("" for none), its baseline at y. */
    void text(int x, int y, String cls, String text) {
        text(x, y, cls, "", text);
    }

    /** As {@link #text(int, int, String, String)}, after a {@code grey} part (a line number) in class num. */
    void text(int x, int y, String cls, String grey, String text) {
        out.append("<text");
        if (!cls.isEmpty()) {
            out.append(" class=\"").append(cls).append('"');
        }
        out.append(" x=\"").append(x).append("\" y=\"").append(y).append("\">");
        if (!grey.isEmpty()) {
            out.append("<tspan class=\"num\">").append(escape(grey)).append("</tspan>");
        }
        out.append(escape(text)).append("</text>\n");
    }

    /** Grey text that ends at x (a row number). */
    void number(int x, int y, String text) {
        out.append("<text class=\"num\" x=\"").append(x).append("\" y=\"").append(y)
                .append("\" text-anchor=\"end\">").append(escape(text)).append("</text>\n");
    }

    /** Opens a group whose elements show {@code tip} when the pointer rests on them. */
    void tip(String tip) {
        out.append("<g><title>").append(escape(tip)).append("</title>\n");
    }

    void endTip() {
        out.append("</g>\n");
    }

    /** XML text: markup characters as entities, anything beyond ASCII as a character reference. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (cp >= 0x20 && cp < 0x7f) {
                        b.append((char) cp);
                    } else if (cp >= 0xa0) {
                        b.append("&#x").append(Integer.toHexString(cp)).append(';');
                    } else {
                        b.append('?');
                    }
                }
            }
        });
        return b.toString();
    }
}
