import Storage
import Synchronization

/// How many pastes of one account a model may be reading at once, pasted on the pages or sent to the API (an
/// import's listings wait in the queue instead). Each reading holds a place until its draft is stored, so that one
/// account cannot hold every model call and connection of the process open; past the limit a paste is refused
/// with 429 `too_many_readings`, before anything is stored. The offline reader, which answers at once, takes no place.
final class ModelReadings: Sendable {
    let perAccount: Int
    private let reading = Mutex<[Int64: Int]>([:])

    init(perAccount: Int) {
        self.perAccount = max(1, perAccount)
    }

    /// A place for one more reading of `owner`'s (none is counted for a paste of no one's), or `tooManyReadings`.
    func admit(_ owner: Account?) throws -> Place? {
        guard let accountID = owner?.id else { return nil }
        let admitted = reading.withLock { reading in
            guard reading[accountID, default: 0] < perAccount else { return false }
            reading[accountID, default: 0] += 1
            return true
        }
        guard admitted else { throw WebError.tooManyReadings(perAccount) }
        return Place(readings: self, accountID: accountID)
    }

    /// One reading's place, given back when it goes.
    final class Place: Sendable {
        let readings: ModelReadings
        let accountID: Int64

        init(readings: ModelReadings, accountID: Int64) {
            self.readings = readings
            self.accountID = accountID
        }

        deinit { readings.leave(accountID) }
    }

    private func leave(_ accountID: Int64) {
        reading.withLock { reading in
            reading[accountID, default: 1] -= 1
            if reading[accountID] == 0 { reading[accountID] = nil }
        }
    }

    /// The readings `accountID` holds now (for tests).
    func count(of accountID: Int64) -> Int {
        reading.withLock { $0[accountID, default: 0] }
    }
}
