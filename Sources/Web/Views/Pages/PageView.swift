/// A page: the template it renders with, and every value it shows as a stored property (templates read stored
/// properties; a computed one would be invisible to them). Each page builds its links from `SiteURL`.
protocol PageView: Sendable {
    static var template: String { get }
    var title: String { get }
}
