/// The OpenAI chat-completions wire format, as much of it as we send and read.
enum OpenAIWire {
    struct Request: Encodable {
        struct Message: Encodable {
            var role: String
            var content: String
        }

        struct StreamOptions: Encodable {
            var include_usage: Bool
        }

        var model: String
        var messages: [Message]
        var temperature: Double
        var max_tokens: Int?
        var max_completion_tokens: Int?
        var stream: Bool
        var stream_options: StreamOptions?
    }

    struct Usage: Decodable {
        var prompt_tokens: Int?
        var completion_tokens: Int?
    }

    struct Completion: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable {
                var content: String?
            }

            var message: Message?
            var finish_reason: String?
        }

        var model: String?
        var choices: [Choice]?
        var usage: Usage?
    }

    struct Chunk: Decodable {
        struct Choice: Decodable {
            struct Delta: Decodable {
                var content: String?
            }

            var delta: Delta?
            var finish_reason: String?
        }

        var model: String?
        var choices: [Choice]?
        var usage: Usage?
    }

    struct ErrorBody: Decodable {
        struct Detail: Decodable {
            var message: String?
            var type: String?
            var code: String?
        }

        var error: Detail?
    }
}

extension FinishReason {
    init(wire: String?) {
        switch wire {
        case "stop", nil: self = .stop
        case "length": self = .length
        case "content_filter": self = .contentFilter
        default: self = .other
        }
    }
}
