/// A page: the template it renders with, and every value it shows as a stored property (templates read stored
/// properties; a computed one would be invisible to them). Each page builds its links from `SiteURL`, and takes
/// its words from the reader's `Labels` (`t` for the template's fixed words, `chrome` for the layout).
protocol PageView: Sendable {
    static var template: String { get }
    var title: String { get }
    var chrome: PageChrome { get }
    var t: [String: String] { get }
}
