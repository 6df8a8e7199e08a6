/// What a text was judged to be, and why in a few words.
public struct Classification: Sendable, Hashable {
    public var kind: ListingKind
    public var reason: String

    public init(kind: ListingKind, reason: String) {
        self.kind = kind
        self.reason = reason
    }
}

/// What one model call is asked to do with one listing: the listing as pasted, the day it was pasted, and the step.
/// The prompt says the same in words for a remote model; a model that reads the listing itself (the offline
/// extractor) takes it from here, with no escaping into a prompt and parsing back out.
public struct ExtractionTask: Sendable, Hashable {
    public enum Step: Sendable, Hashable {
        case classifyAndExtract
        case classify
        case extract(ListingKind)
    }

    public var text: String
    public var pastedOn: LocalDate
    public var step: Step
    /// The keyword classifier's reading, when the caller already made it, so that nobody classifies twice.
    public var classification: Classification?

    public init(text: String, pastedOn: LocalDate, step: Step, classification: Classification? = nil) {
        self.text = text
        self.pastedOn = pastedOn
        self.step = step
        self.classification = classification
    }
}
