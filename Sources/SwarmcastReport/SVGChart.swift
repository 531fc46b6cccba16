import Foundation

/// A small line chart as inline SVG, so report.html needs no script and no network.
struct SVGChart {
    struct Series {
        var name: String
        var color: String
        var values: [Double?]
    }

    var title: String
    var unit: String
    var seconds: [Int]
    var series: [Series]
    /// Seconds to shade, with a caption: a windowed threshold's worst window.
    var bands: [(from: Int, to: Int, caption: String)] = []
    var width = 860.0
    var height = 240.0

    func render() -> String {
        let left = 60.0, right = 20.0, top = 30.0, bottom = 30.0
        let plotW = width - left - right, plotH = height - top - bottom
        let all = series.flatMap { $0.values.compactMap { $0 } }
        let maxY = niceCeiling(all.max() ?? 1)
        let maxX = Double(max(seconds.last ?? 1, 1))
        func x(_ s: Int) -> Double { left + Double(s) / maxX * plotW }
        func y(_ v: Double) -> Double { top + plotH - v / maxY * plotH }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(esc(title))\">\n"
        svg += "<text x=\"\(left)\" y=\"18\" class=\"t\">\(esc(title)) (\(esc(unit)))</text>\n"
        for i in 0...4 {
            let v = maxY * Double(i) / 4
            let yy = y(v)
            svg += "<line x1=\"\(left)\" x2=\"\(left + plotW)\" y1=\"\(f(yy))\" y2=\"\(f(yy))\" class=\"g\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(f(yy + 4))\" class=\"a\" text-anchor=\"end\">\(label(v))</text>\n"
        }
        for band in bands {
            // A window of seconds a…b covers the intervals ending at a…b, i.e. from a - 1 to b.
            let x0 = x(max(0, band.from - 1)), x1 = x(band.to)
            svg += "<rect x=\"\(f(x0))\" y=\"\(f(top))\" width=\"\(f(max(1, x1 - x0)))\" height=\"\(f(plotH))\" fill=\"#fecaca\" fill-opacity=\"0.5\"/>"
            svg += "<text x=\"\(f(x0 + 3))\" y=\"\(f(top + 12))\" class=\"a\">\(esc(band.caption))</text>\n"
        }
        for i in 0...5 {
            let s = Int(maxX * Double(i) / 5)
            svg += "<text x=\"\(f(x(s)))\" y=\"\(f(top + plotH + 18))\" class=\"a\" text-anchor=\"middle\">\(s)s</text>\n"
        }
        for (n, line) in series.enumerated() {
            var d = ""
            var pen = false
            for (i, value) in line.values.enumerated() where i < seconds.count {
                guard let value else { pen = false; continue }
                d += "\(pen ? "L" : "M")\(f(x(seconds[i]))),\(f(y(value))) "
                pen = true
            }
            svg += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"2\"/>\n"
            svg += "<text x=\"\(f(left + 10 + Double(n) * 150))\" y=\"\(f(height - 2))\" class=\"a\" fill=\"\(line.color)\">■ \(esc(line.name))</text>\n"
        }
        return svg + "</svg>"
    }

    private func niceCeiling(_ v: Double) -> Double {
        guard v > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(v)))
        for step in [1.0, 2, 2.5, 5, 10] where step * magnitude >= v { return step * magnitude }
        return 10 * magnitude
    }

    private func label(_ v: Double) -> String { v >= 100 || v == v.rounded() ? String(Int(v)) : String(format: "%.2g", v) }
    private func f(_ v: Double) -> String { String(format: "%.1f", v) }
    private func esc(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") }
}
