import Foundation

// Timing and reporting. Every figure is printed as soon as it is measured (a run that dies
// half-way still reports), and relative figures are quoted against a baseline measured in
// the same run: the machines are shared and absolute times drift.

extension Duration {
    var nanoseconds: Double {
        Double(components.seconds) * 1e9 + Double(components.attoseconds) / 1e9
    }
}

/// The time `body` takes, in nanoseconds.
func nanoseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    return (ContinuousClock.now - start).nanoseconds
}

func nanoseconds(_ body: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await body()
    return (ContinuousClock.now - start).nanoseconds
}

/// Per-iteration latencies of one measurement.
struct Latencies {
    let sorted: [Double]

    init(_ samples: [Double]) { sorted = samples.sorted() }

    /// The value below which `percent` % of the samples fall (nearest rank).
    func percentile(_ percent: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    var p50: Double { percentile(50) }
    var p99: Double { percentile(99) }
}

/// Runs `body` `iterations` times, timing each run.
func latencies(iterations: Int, _ body: (Int) throws -> Void) rethrows -> Latencies {
    Latencies(try (0..<iterations).map { iteration in try nanoseconds { try body(iteration) } })
}

func latencies(iterations: Int, _ body: (Int) async throws -> Void) async rethrows -> Latencies {
    var samples: [Double] = []
    samples.reserveCapacity(iterations)
    for iteration in 0..<iterations {
        samples.append(try await nanoseconds { try await body(iteration) })
    }
    return Latencies(samples)
}

/// The mean time per call of `body` over `iterations` calls, best of `rounds` rounds (the
/// least disturbed by other tenants of the machine).
func bestNanosecondsPerCall(iterations: Int, rounds: Int = 3, _ body: (Int) throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<rounds {
        let total = try nanoseconds { for index in 0..<iterations { try body(index) } }
        best = min(best, total / Double(iterations))
    }
    return best
}

func format(_ nanoseconds: Double) -> String {
    switch nanoseconds {
    case 1e9...: String(format: "%.2f s", nanoseconds / 1e9)
    case 1e6...: String(format: "%.2f ms", nanoseconds / 1e6)
    case 1e4...: String(format: "%.1f µs", nanoseconds / 1e3)
    default: String(format: "%.0f ns", nanoseconds)
    }
}

func section(_ title: String) {
    print("\n## \(title)")
}

/// One aligned line: a label and its figures.
func report(_ label: String, _ figures: String) {
    print(label.padding(toLength: max(label.count, 58), withPad: " ", startingAt: 0) + "  " + figures)
    fflush(nil)
}

func report(_ label: String, _ latencies: Latencies, note: String = "") {
    let figures = "p50 \(format(latencies.p50).leftPadded(9))  p99 \(format(latencies.p99).leftPadded(9))  (\(latencies.sorted.count) runs)"
    report(label, note.isEmpty ? figures : figures + "  " + note)
}

extension String {
    func leftPadded(_ width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}

/// The process's peak resident set size (VmHWM), in MiB.
func peakMemoryMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return .nan }
    return kilobytes / 1024
}

/// Keeps the optimizer from dropping the work being measured (main thread only).
nonisolated(unsafe) var sink = 0

/// Keeps the optimizer from dropping the work that computed `value`, from any thread.
@inline(never) @_optimize(none)
func blackHole<Value>(_ value: Value) {}
