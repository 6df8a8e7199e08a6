import ListingCore
import Testing

/// The one statement of who sees and changes what, and the scopes the database filters by: a list shows exactly the
/// listings a person may open, for every role, owner and status.
@Suite struct AccessRulesTests {
    static let requesters: [Requester] = [
        .anonymous, .account(id: 1, role: .member), .account(id: 2, role: .member), .account(id: 3, role: .admin),
        .operatorCommand,
    ]

    @Test(arguments: [false, true])
    func aListShowsExactlyWhatItsReaderMayOpen(publishedOpen: Bool) {
        let rules = AccessRules(publishedOpenToAnyone: publishedOpen)
        for requester in Self.requesters {
            for owner in [nil, 1, 2, 3] as [Int64?] {
                for status in ListingStatus.allCases {
                    #expect(
                        AccessRules.contains(rules.scope(for: requester), owner: owner, status: status)
                            == rules.maySee(owner: owner, status: status, as: requester),
                        "\(requester) owner \(owner.map(String.init) ?? "none") \(status)")
                }
            }
        }
    }

    @Test func draftsAreTheirOwnersAndTheAdminsChangesAreEveryones() {
        let rules = AccessRules()
        let owner = Requester.account(id: 1, role: .member)
        let other = Requester.account(id: 2, role: .member)
        #expect(rules.maySee(owner: 1, status: .draft, as: owner))
        #expect(!rules.maySee(owner: 1, status: .draft, as: other))
        #expect(rules.maySee(owner: 1, status: .published, as: other))
        #expect(!rules.maySee(owner: 1, status: .published, as: .anonymous))
        #expect(AccessRules(publishedOpenToAnyone: true).maySee(owner: 1, status: .published, as: .anonymous))
        #expect(!rules.mayChange(owner: 1, as: other))
        #expect(rules.mayChange(owner: 1, as: .account(id: 3, role: .admin)))
        #expect(!rules.mayChange(owner: nil, as: owner), "a listing of no one's is the admins'")
        #expect(rules.ownScope(for: owner) == .own(accountID: 1))
        #expect(rules.ownScope(for: .anonymous) == .nothing)
    }
}
