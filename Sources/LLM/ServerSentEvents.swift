/// An incremental reader of `text/event-stream`: feed it bytes as they arrive, in chunks of any size, and it hands
/// back complete events. Lines may end in `\n`, `\r\n` or `\r`; comment lines (`: keep-alive`) are skipped; several
/// `data:` lines of one event are joined with `\n`; an event ends at a blank line.
public struct ServerSentEventParser: Sendable {
    public struct Event: Sendable, Hashable {
        public var event: String?
        public var data: String
    }

    private var line: [UInt8] = []
    private var dataLines: [String] = []
    private var eventName: String?
    private var lastWasCarriageReturn = false

    public init() {}

    /// Reads a chunk; returns the events it completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Event] {
        var events: [Event] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") && lastWasCarriageReturn {
                // The second half of a \r\n: the line already ended at \r.
                lastWasCarriageReturn = false
                continue
            }
            lastWasCarriageReturn = byte == UInt8(ascii: "\r")
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if let event = endLine() { events.append(event) }
            } else {
                line.append(byte)
            }
        }
        return events
    }

    /// Whether a partial event is pending (a stream that ends here ended mid-event).
    public var hasPendingData: Bool { !line.isEmpty || !dataLines.isEmpty }

    private mutating func endLine() -> Event? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            guard !dataLines.isEmpty else {
                eventName = nil
                return nil
            }
            let event = Event(event: eventName, data: dataLines.joined(separator: "\n"))
            dataLines.removeAll()
            eventName = nil
            return event
        }
        if line.first == UInt8(ascii: ":") { return nil }
        let text = String(decoding: line, as: UTF8.self)
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = text[...]
            value = ""
        }
        switch field {
        case "data": dataLines.append(String(value))
        case "event": eventName = String(value)
        default: break
        }
        return nil
    }
}
