/// Small charts drawn by the app as inline SVG: no script, no external file, and readable without colour (every
/// bar carries its label and its figure as text). Labels are escaped here, since templates insert the SVG as is.
public enum Charts {
    public struct Bar: Sendable {
        let label: String
        let value: Int

        public init(label: String, value: Int) {
            self.label = label
            self.value = value
        }
    }

    /// One row per item: the label, a bar as long as its share of the largest, and the figure.
    public static func rows(_ bars: [Bar], title: String, figure: (Int) -> String = { String($0) }) -> String {
        guard let largest = bars.map(\.value).max(), largest > 0 else { return "" }
        let rowHeight = 22
        let labelWidth = 170
        let barSpace = 320
        let width = labelWidth + barSpace + 60
        let height = bars.count * rowHeight + 4
        var svg = open(title: title, width: width, height: height)
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight
            let length = max(1, barSpace * bar.value / largest)
            svg +=
                "<text x=\"\(labelWidth - 8)\" y=\"\(y + 16)\" text-anchor=\"end\">\(Formatting.html(bar.label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 5)\" width=\"\(length)\" height=\"14\"></rect>"
            svg += "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 16)\">\(figure(bar.value))</text>"
        }
        return svg + "</svg>"
    }

    /// One column per item, left to right (days, oldest first), the figure above each and every label below. The
    /// drawing is at least 320 wide, so that a chart of a few days scaled to a phone's width is not a tower.
    public static func columns(_ bars: [Bar], title: String) -> String {
        guard let largest = bars.map(\.value).max(), largest > 0 else { return "" }
        let columnWidth = 34
        let plotHeight = 120
        let width = max(320, max(1, bars.count) * columnWidth + 10)
        let height = plotHeight + 50
        var svg = open(title: title, width: width, height: height)
        for (index, bar) in bars.enumerated() {
            let x = 5 + index * columnWidth
            let length = max(1, plotHeight * bar.value / largest)
            let top = 20 + plotHeight - length
            svg += "<rect x=\"\(x + 4)\" y=\"\(top)\" width=\"\(columnWidth - 8)\" height=\"\(length)\"></rect>"
            svg += "<text x=\"\(x + columnWidth / 2)\" y=\"\(top - 4)\" text-anchor=\"middle\">\(bar.value)</text>"
            svg +=
                "<text x=\"\(x + columnWidth / 2)\" y=\"\(plotHeight + 36)\" text-anchor=\"middle\" class=\"small\">"
                + "\(Formatting.html(bar.label))</text>"
        }
        return svg + "</svg>"
    }

    static func open(title: String, width: Int, height: Int) -> String {
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" "
            + "width=\"\(width)\" height=\"\(height)\" aria-label=\"\(Formatting.html(title))\">"
            + "<title>\(Formatting.html(title))</title>"
    }
}
