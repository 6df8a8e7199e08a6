import Synchronization

/// One clock for every deadline of the process: an alarm is an entry in a table, and a single task looks at the
/// table every `tick` while any alarm is set, ringing those whose time has come. A deadline costs a lock and a table
/// entry rather than a timer of its own (`Task.sleep` arms a Dispatch timer a call, and a paste set three of them:
/// docs/PERFORMANCE.md, "Speed, part five"). An alarm rings at most one tick late; none is ever early.
final class DeadlineAlarms: Sendable {
    static let shared = DeadlineAlarms(tick: .milliseconds(20))

    /// A set alarm, to be cleared once what it guards has ended.
    struct Alarm: Sendable {
        fileprivate let id: Int
        fileprivate let alarms: DeadlineAlarms

        func clear() { alarms.clear(id) }
    }

    private struct Entry {
        var due: ContinuousClock.Instant
        var ring: @Sendable () -> Void
    }

    private struct Table {
        var nextID = 0
        var entries: [Int: Entry] = [:]
        /// Whether the task that rings the alarms is running (it ends when the table is empty).
        var watching = false
    }

    private let table = Mutex(Table())
    private let tick: Duration

    init(tick: Duration) {
        self.tick = tick
    }

    /// Rings `ring` once `limit` has passed, unless the alarm is cleared first.
    func set(after limit: Duration, _ ring: @escaping @Sendable () -> Void) -> Alarm {
        let due = ContinuousClock.now + limit
        let (id, startWatching) = table.withLock { table in
            let id = table.nextID
            table.nextID += 1
            table.entries[id] = Entry(due: due, ring: ring)
            defer { table.watching = true }
            return (id, !table.watching)
        }
        if startWatching { Task.detached { [self] in await watch() } }
        return Alarm(id: id, alarms: self)
    }

    /// How many alarms are set, and whether a task watches them.
    var state: (set: Int, watched: Bool) {
        table.withLock { ($0.entries.count, $0.watching) }
    }

    private func clear(_ id: Int) {
        _ = table.withLock { $0.entries.removeValue(forKey: id) }
    }

    /// Every tick, rings the alarms that are due; ends when none is left.
    private func watch() async {
        while true {
            try? await Task.sleep(for: tick)
            let now = ContinuousClock.now
            let (due, goOn) = table.withLock { table -> ([@Sendable () -> Void], Bool) in
                let ids = table.entries.compactMap { id, entry in entry.due <= now ? id : nil }
                let due = ids.compactMap { table.entries.removeValue(forKey: $0)?.ring }
                if table.entries.isEmpty { table.watching = false }
                return (due, table.watching)
            }
            for ring in due { ring() }
            if !goOn { return }
        }
    }
}
