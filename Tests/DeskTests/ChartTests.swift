import Foundation
import Testing

@testable import Desk

/// The charts scale to the screen (`width: 100%` on a phone): a chart of one day or one row must not become a tower.
@Suite struct ChartTests {
    /// The viewBox's width and height.
    func size(_ svg: String) throws -> (width: Double, height: Double) {
        let start = try #require(svg.range(of: "viewBox=\"0 0 "))
        let numbers = svg[start.upperBound...].prefix { $0 != "\"" }.split(separator: " ").compactMap { Double($0) }
        return (numbers[0], numbers[1])
    }

    @Test func aChartOfOneDayIsNoTallerThanAPhoneIsWide() throws {
        for count in [1, 2, 7, 30] {
            let bars = (0..<count).map { Charts.Bar(label: "12-\(String(format: "%02d", $0 + 1))", value: 5 + $0) }
            let (width, height) = try size(Charts.columns(bars, title: "Corrections a day"))
            // At 390 px wide a phone shows it at most about 220 px tall.
            #expect(height / width * 390 <= 230, "\(count) days: \(width)×\(height)")
        }
        let (width, height) = try size(Charts.rows([Charts.Bar(label: "price", value: 3)], title: "Most corrected"))
        #expect(height / width * 390 <= 230, "one row: \(width)×\(height)")
    }
}
