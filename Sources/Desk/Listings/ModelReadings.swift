import Storage

/// How many pastes of one account a model may be reading at once, pasted on the pages or sent to the API (an
/// import's listings wait in the queue instead). Each reading holds a place until its draft is stored, so that one
/// account cannot hold every model call and connection of the process open; past the limit a paste is refused
/// (`too_many_readings`, `.tooMany`) before anything is stored. The offline reader, which answers at once, takes no place.
struct ModelReadings: Sendable {
    let places: AccountPlaces

    init(perAccount: Int) {
        places = AccountPlaces(perAccount: max(1, perAccount))
    }

    /// A place for one more reading of `owner`'s (none is counted for a paste of no one's), or `tooManyReadings`.
    func admit(_ owner: Account?) throws -> AccountPlaces.Place? {
        guard let accountID = owner?.id else { return nil }
        guard let place = places.take(accountID) else { throw ServiceError.tooManyReadings(places.perAccount) }
        return place
    }
}
