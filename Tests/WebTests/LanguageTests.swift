import Foundation
import HTTPTypes
import HummingbirdTesting
import ListingCore
import Storage
import TestSupport
import Testing

@testable import Web

/// One language at a time: Korean or English, chosen from the browser's `Accept-Language`, switched with a link
/// that is remembered, every word from one table; times in the reader's zone.
@Suite struct LanguageTests {
    @Test(arguments: [
        ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", Language.korean),
        ("en-US,en;q=0.9,ko;q=0.8", .english),
        ("fr-FR,fr;q=0.9,ko;q=0.5", .korean),
        ("fr-FR", .english),
        ("ko;q=0,en;q=0.1", .english),
        ("*", .english),
        ("KO", .korean),
        ("", .english),
    ])
    func theBrowsersPreferredLanguageAmongOurs(header: String, expected: Language) {
        #expect(Language.preferred(acceptLanguage: header) == expected)
    }

    @Test func everyWordOfTheTableIsInBothLanguages() {
        for key in Labels.Key.allCases {
            let english = Labels.english[key]
            let korean = Labels.korean[key]
            #expect(!english.isEmpty && !korean.isEmpty, "\(key)")
            #expect(english != korean, "\(key) is translated")
            #expect(korean.unicodeScalars.contains { (0xAC00...0xD7A3).contains($0.value) }, "\(key) is Korean")
        }
        for code in FieldSchema.allFields.flatMap(Self.codes) {
            #expect(Labels.choices[code] != nil, "the code \(code) has words")
        }
    }

    static func codes(_ spec: FieldSpec) -> [String] {
        switch spec.type {
        case .enumeration(let codes), .options(let codes): codes
        default: []
        }
    }

    /// A template that names a key the table does not have would show nothing there: each `{{t.key}}` is one.
    @Test func everyKeyTheTemplatesUseIsInTheTable() throws {
        let folder = TestDatabase.projectRoot.appendingPathComponent("templates")
        let keys = Set(Labels.Key.allCases.map(\.rawValue))
        var used = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for match in text.matches(of: /\{\{t\.([A-Za-z]+)\}\}/) {
                used += 1
                #expect(keys.contains(String(match.1)), "\(name) uses t.\(match.1)")
            }
        }
        #expect(used > 50)
    }

    @Test func timesAreShownInTheReadersZone() throws {
        let instant = Date(timeIntervalSince1970: 1_795_167_000)  // 2026-11-20 09:30 UTC
        #expect(Labels.english.time(instant, in: Language.english.defaultTimeZone) == "2026-11-20 09:30 UTC")
        #expect(Labels.korean.time(instant, in: Language.korean.defaultTimeZone) == "2026-11-20 18:30 KST")
        let newYork = try #require(Viewer.timeZone(named: "America%2FNew_York"))
        #expect(Labels.english.time(instant, in: newYork).hasPrefix("2026-11-20 04:30 "))
        #expect(Viewer.timeZone(named: "../../etc/passwd") == nil)
        #expect(Viewer.timeZone(named: "Not/AZone") == nil)
    }

    @Test func theSwitchOnlyGoesBackToThisSite() {
        #expect(Viewer.localPath("/listings?kind=real_estate") == "/listings?kind=real_estate")
        #expect(Viewer.localPath("//evil.example/x") == "/")
        #expect(Viewer.localPath("/\\evil.example") == "/")
        #expect(Viewer.localPath("https://evil.example") == "/")
        #expect(Viewer.localPath("/a\r\nSet-Cookie: x") == "/")
        #expect(Viewer.localPath(nil) == "/")
    }

    /// Headers with the session's form cookie and more.
    static func headers(_ client: any TestClientProtocol, cookies: String = "", language: String? = nil) -> HTTPFields {
        var headers = formHeaders
        let session = (client as? BrowserSession)?.cookie ?? ""
        headers[.cookie] = [session, cookies].filter { !$0.isEmpty }.joined(separator: "; ")
        if let language { headers[.acceptLanguage] = language }
        return headers
    }

    @Test func theBrowsersLanguageUntilThePersonChoosesAndThenTheirChoice() async throws {
        try await withApp { client, repository in
            let korean = try await client.execute(
                uri: "/", method: .get, headers: Self.headers(client, language: "ko-KR,ko;q=0.9,en;q=0.5"))
            #expect(korean.text.contains("<html lang=\"ko\">"))
            #expect(korean.text.contains("매물 글 붙여넣기"))
            #expect(korean.text.contains(">English</a>"), "the switch names the other language in itself")
            #expect(!korean.text.contains("Fill in the form"))

            let switched = try await client.execute(
                uri: "/language?to=en&back=%2Flistings%3Fkind%3Dreal_estate", method: .get,
                headers: Self.headers(client, language: "ko"))
            #expect(switched.status == .seeOther)
            #expect(switched.headers[.location] == "/listings?kind=real_estate", "back where the person was")
            let setCookie = try #require(switched.headers[.setCookie])
            #expect(setCookie.hasPrefix("listingdesk-lang=en"))
            #expect(setCookie.contains("Max-Age=31536000"))
            let choice = String(setCookie.split(separator: ";")[0])

            let english = try await client.execute(
                uri: "/listings", method: .get, headers: Self.headers(client, cookies: choice, language: "ko"))
            #expect(english.text.contains("<html lang=\"en\">"), "the choice wins over the browser's language")
            #expect(english.text.contains("Download CSV"))

            let elsewhere = try await client.execute(
                uri: "/language?to=ko&back=%2F%2Fevil.example", method: .get, headers: Self.headers(client))
            #expect(elsewhere.headers[.location] == "/")
            let unknown = try await client.execute(uri: "/language?to=fr", method: .get, headers: Self.headers(client))
            #expect(unknown.status == .badRequest)
            _ = repository
        }
    }

    @Test func messagesAndErrorsSpeakThePagesLanguage() async throws {
        try await withApp { client, repository in
            let ko = Self.headers(client, language: "ko")
            let empty = try await client.execute(
                uri: "/listings", method: .post, headers: ko, body: form([("text", "")]))
            #expect(empty.status == .unprocessableContent)
            #expect(empty.text.contains("먼저 매물 글을 붙여넣으세요"))

            let id = try await paste("망원동 원룸 월세 보증금 500/월 45 관리비 5만 3/5층", client)
            let stored = try #require(try await repository.find(id: id))
            let refused = try await client.execute(
                uri: "/listings/\(id)", method: .post, headers: ko,
                body: form(formFields(of: stored, changing: ["floor": "9"])))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("층이 전체 층수보다 높습니다."), "the validator's message, in Korean")
            #expect(refused.text.contains("고쳐야 할 값이 있습니다."))
            #expect(!refused.text.contains("is above the top floor"))

            let missing = try await client.execute(uri: "/listings/999999", method: .get, headers: ko)
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("404 찾을 수 없음"))
            #expect(missing.text.contains("그런 매물이 없습니다."))
        }
    }

    @Test func theListShowsTimesInTheZoneTheBrowserReported() async throws {
        try await withApp { client, repository in
            let id = try await paste("연남동 투룸 전세 2억 3천, 2/4층, 즉시입주", client)
            let created = try #require(try await repository.find(id: id)).createdAt
            var seoul = Calendar(identifier: .gregorian)
            seoul.timeZone = TimeZone(identifier: "Asia/Seoul")!
            let hour = String(format: "%02d", seoul.component(.hour, from: created))
            let list = try await client.execute(
                uri: "/listings", method: .get,
                headers: Self.headers(client, cookies: "listingdesk-tz=Asia%2FSeoul", language: "en"))
            #expect(list.text.contains(" \(hour):"), "the hour in Seoul")
            #expect(list.text.contains(" KST</time>"))
            let nonsense = try await client.execute(
                uri: "/listings", method: .get, headers: Self.headers(client, cookies: "listingdesk-tz=Mars%2FBase"))
            #expect(nonsense.text.contains(" UTC</time>"), "an unknown zone falls back to the language's")
        }
    }

    @Test func theCSVHeaderCanBeInWords() async throws {
        try await withApp { client, _ in
            _ = try await paste("연남동 투룸 전세 2억 3천, 2/4층, 즉시입주", client)
            let korean = try await client.execute(uri: "/listings.csv?header=ko&bom=0", method: .get)
            #expect(korean.text.hasPrefix("번호,종류,게시 상태,제목,"))
            #expect(korean.text.contains(",가격,"))
            let english = try await client.execute(uri: "/listings.csv?header=en&bom=0", method: .get)
            #expect(english.text.hasPrefix("ID,Kind,Listing status,Title,"))
            #expect(english.text.contains("\"Area (m², exclusive)\""), "a header cell with a comma is quoted")
            let plain = try await client.execute(uri: "/listings.csv?bom=0", method: .get)
            #expect(plain.text.hasPrefix("id,kind,status,title,"), "field names unless asked")
            let unknown = try await client.execute(uri: "/listings.csv?header=fr", method: .get)
            #expect(unknown.status == .badRequest)
        }
    }

    /// The CSV in words is for people (issue 24): values in words of their language, every column named once,
    /// times in their zone, and a file name that says what it is; the code CSV stays as programs read it.
    @Test func theCSVInWordsIsForPeople() async throws {
        try await withApp { client, _ in
            _ = try await paste("연남동 투룸 월세 보증금 500/월 45, 남향, 2/4층, 주차 가능, 에어컨 냉장고", client)
            let korean = try await client.execute(
                uri: "/listings.csv?header=ko&bom=0", method: .get,
                headers: Self.headers(client, cookies: "listingdesk-tz=Asia%2FSeoul", language: "ko"))
            let lines = korean.text.split(separator: "\r\n").map(String.init)
            let columns = lines[0].split(separator: ",").map(String.init)
            #expect(Set(columns).count == columns.count, "every column named once: \(columns)")
            let row = lines[1]
            for words in ["부동산", "초안", "월세", "남향", "예", "\"에어컨; 냉장고\""] {
                #expect(row.contains(words), "\(words) in \(row)")
            }
            #expect(!row.contains("monthly_rent") && !row.contains("south") && !row.contains("true"))
            #expect(!row.contains("Z,") && row.contains(" KST"), "times in the person's zone: \(row)")
            let name = try #require(korean.headers[.contentDisposition])
            #expect(name.contains("filename=\"listings-2026-") && name.contains("-ko.csv\""), "\(name)")

            let plain = try await client.execute(uri: "/listings.csv?bom=0", method: .get)
            #expect(plain.text.contains(",monthly_rent,") && plain.text.contains("air_conditioner;refrigerator"))
            let plainName = try #require(plain.headers[.contentDisposition])
            #expect(plainName.contains("filename=\"listings-2026-") && !plainName.contains("-ko"))
        }
    }
}
