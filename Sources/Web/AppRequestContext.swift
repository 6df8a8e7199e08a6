import Hummingbird

/// The request context of the app: Hummingbird's core, plus what the form-token middleware found for this browser.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The token this browser's forms must carry (and the pages it gets embed), set by `FormTokenMiddleware`.
    var formToken = ""

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
