import Synchronization

/// Places counted per account and in all on this process, each given back when its holder goes: what bounds one
/// account's batch event streams (`BatchEventStreams`) and its pastes with a model (`ModelReadings`).
public final class AccountPlaces: Sendable {
    let perAccount: Int
    let total: Int
    /// Told each time a place is given back.
    private let onGiveBack: @Sendable () -> Void
    private let held = Mutex<[Int64: Int]>([:])

    public init(perAccount: Int, total: Int = .max, onGiveBack: @escaping @Sendable () -> Void = {}) {
        self.perAccount = perAccount
        self.total = total
        self.onGiveBack = onGiveBack
    }

    /// A place for one more of `accountID`'s, or nil when the account's or the process's are all taken.
    public func take(_ accountID: Int64) -> Place? {
        let taken = held.withLock { held in
            guard held.values.reduce(0, +) < total, held[accountID, default: 0] < perAccount else { return false }
            held[accountID, default: 0] += 1
            return true
        }
        return taken ? Place(places: self, accountID: accountID) : nil
    }

    /// One place, given back when it goes.
    public final class Place: Sendable {
        let places: AccountPlaces
        let accountID: Int64

        init(places: AccountPlaces, accountID: Int64) {
            self.places = places
            self.accountID = accountID
        }

        deinit { places.giveBack(accountID) }
    }

    private func giveBack(_ accountID: Int64) {
        held.withLock { held in
            held[accountID, default: 1] -= 1
            if held[accountID] == 0 { held[accountID] = nil }
        }
        onGiveBack()
    }
}
