import Foundation
import SwarmcastMeasure
import SwarmcastReport
import SwarmcastTestSupport
import SwarmcastWire
import Testing

/// Delay by tier with the real binary on loopback: a `serve --workers 2` origin and a two-level
/// `--edge-of` tree. The listeners that split (one in 8, `DelayTier.splits`) split every frame,
/// each frame's tiers add up to its delay (so the tiers' means add up to the end-to-end mean
/// exactly), the end-to-end figure matches the listeners' delay, and the origin tier shows the
/// packet wait that 5-frame packets cause.
@Suite(.serialized)
struct DelayByTierTests {
    /// Runs a small swarm against `server` and returns its summary and result text.
    static func swarm(_ server: String, listeners: Int, extra: [String] = []) throws -> (RunSummary, String, URL) {
        let out = SwarmEndToEndTests.temporaryDirectory()
        let r = try SwarmcastBinary.run(["swarm", "--server", server, "--listeners", String(listeners), "--ramp", "1s",
                                         "--duration", "4s", "--out", out.path, "--progress", "none"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        return (try RunWriter.readSummary(out.appendingPathComponent("summary.json")), r.stdout, out)
    }

    /// What holds for any tree: all frames stamped, tiers in path order adding up to the delay.
    static func checkTiers(_ s: RunSummary, edgeLevels: Int, text: String, out: URL) throws -> DelayByTier {
        let d = try #require(s.delayByTier)
        #expect(d.tiers.map(\.name) == ["ingest", "origin"] + (1...edgeLevels).map { "edge\($0)" } + ["last_mile"])
        // The splitting listeners' every frame: their share of all frames (a listener that
        // joined later has fewer).
        let splitting = (0..<s.listeners.target).filter { DelayTier.splits(listenerIndex: $0) }.count
        let perListener = Double(s.counters.framesReceived) / Double(s.listeners.target)
        #expect(splitting > 0 && Double(d.frames) > 0.8 * Double(splitting) * perListener && Double(d.frames) < 1.2 * Double(splitting) * perListener,
                "\(d.frames) frames split by \(splitting) of \(s.listeners.target) listeners")
        #expect(abs(d.sumOfTierMeansMs - d.endToEnd.meanMs) <= 0.002, "each frame's tiers add up to its delay")
        let delay = try #require(s.delay)
        // A share of the same packets as the listeners' delay histogram: the same distribution.
        // (Its p50 falls between the modes that 5-frame packets make, 20 ms apart, so a share
        // may land on the neighbouring one; the mean does not jump.)
        #expect(abs(d.endToEnd.meanMs - delay.mean) <= 3, "end to end \(d.endToEnd.meanMs) ms against delay \(delay.mean) ms")
        #expect(abs(d.endToEnd.p50Ms - delay.p50) <= 21, "end to end p50 \(d.endToEnd.p50Ms) ms against delay \(delay.p50) ms")
        // Percentiles do not add up, but the p50s roughly do when the tails are thin.
        let p50s = d.tiers.reduce(0) { $0 + $1.p50Ms }
        #expect(p50s <= d.endToEnd.p99Ms && p50s >= d.endToEnd.p50Ms / 2, "p50s \(p50s) against \(d.endToEnd.p50Ms)")
        // 5-frame packets: a frame waits 0 to 4 frame intervals at the origin, 40 ms on average.
        let origin = d.tiers[1]
        #expect(origin.meanMs > 34 && origin.meanMs < 46, "origin packet wait \(origin.meanMs) ms")
        #expect(origin.p99Ms < 85)
        #expect((d.clockBoundMs ?? -1) >= (s.clock?.boundMs ?? 0))
        #expect(text.contains("\ntiers       p50/p99 ms  ingest "))
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("Delay by tier"))
        let prom = try String(contentsOf: out.appendingPathComponent("metrics.prom"), encoding: .utf8)
        #expect(prom.contains("tier=\"edge\(edgeLevels)\",quantile=\"0.5\""))
        return d
    }

    @Test func workersSplitDelayIntoIngestOriginEdgeAndLastMile() throws {
        let server = try WorkersTests.startOrigin(workers: 2, extra: ["--frames-per-packet", "5"])
        let (s, text, out) = try Self.swarm(server.listen.description, listeners: 40)
        defer { try? FileManager.default.removeItem(at: out) }
        let d = try Self.checkTiers(s, edgeLevels: 1, text: text, out: out)
        #expect(d.hopClockBoundUs == 0, "--workers edges share the origin's clock")
        #expect(d.clampedFrames == 0, "one clock: no tier can be negative")
        #expect(d.clockBoundMs == s.clock?.boundMs)
    }

    @Test func aTwoLevelTreeHasATierPerEdgeLevel() throws {
        let root = try ServerProcess(["--frames-per-packet", "5"])
        defer { root.stop() }
        let middle = try EdgeReconnectTests.startEdge(of: root.listen)
        defer { middle.stop() }
        let leaf = try EdgeReconnectTests.startEdge(of: middle.listen)
        defer { leaf.stop() }
        let (s, text, out) = try Self.swarm(leaf.listen.description, listeners: 20)
        defer { try? FileManager.default.removeItem(at: out) }
        let d = try Self.checkTiers(s, edgeLevels: 2, text: text, out: out)
        // `--edge-of` edges stamp on their parent's clock by PING/PONG and say how well.
        #expect(d.hopClockBoundUs > 0)
        #expect(d.clock.contains("PING/PONG offset"))
        #expect(d.clampedFrames * 100 <= d.frames, "one host: the estimated offsets are µs, so a tier is rarely below 0")
    }

    /// LL-HLS players on 200 ms parts: a part is published when its 10th frame is in, 180 ms
    /// after its first frame's capture (plus the frame timer's lateness), and the player's
    /// blocking reloads find it at once.
    @Test func llHLSPlayersSplitDelayIntoPackagingDiscoveryAndFetch() throws {
        let server = try ServerProcess(["--part-duration", "200ms", "--segment-duration", "1s"])
        defer { server.stop() }
        let (s, text, out) = try Self.swarm(server.listen.description, listeners: 5, extra: ["--protocol", "ll-hls", "--duration", "6s"])
        defer { try? FileManager.default.removeItem(at: out) }
        let d = try #require(s.hlsDelayByTier)
        #expect(s.delayByTier == nil, "no native listeners")
        #expect(d.tiers.map(\.name) == ["packaging", "discovery", "fetch"])
        #expect(UInt64(d.frames) == s.delay?.count, "every timed part carried its publication time")
        #expect(abs(d.sumOfTierMeansMs - d.endToEnd.meanMs) <= 0.002)
        #expect(abs(d.endToEnd.p50Ms - (s.delay?.p50 ?? 0)) <= 0.01)
        let packaging = d.tiers[0]
        #expect(packaging.p50Ms >= 175 && packaging.p50Ms <= 205, "packaging \(packaging.p50Ms) ms")
        #expect(d.tiers[2].p50Ms < 50, "fetch on loopback")
        #expect(text.contains("\ntiers (hls) p50/p99 ms  packaging "))
    }

    /// A version 1 peer (a swarm or edge of the previous build) is still served, the same
    /// packets without HOPS; a version 2 one gets HOPS in front of each packet's frames.
    @Test func versionOneListenersHearTheSamePacketsWithoutHops() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        for version: UInt16 in [1, 2] {
            let client = try TestClient(connectingTo: server.listen)
            client.send(.hello(Hello(version: version, role: .listener, room: 1, clientID: UInt64(version))))
            let frames = client.readFrames(timeout: 5) { $0.audio.count >= 3 }
            guard case .welcome(let welcome) = frames.first else { Issue.record("no WELCOME: \(frames.prefix(2))"); continue }
            #expect(welcome.version == version)
            #expect(frames.audio.count >= 3)
            // Every AUDIO frame of a version 2 listener is one of those its last HOPS describes.
            var described = 0, hops = 0, undescribed = 0
            for frame in frames {
                switch frame {
                case .hops(let h): hops += 1; described = h.ingestMicros.count
                case .audio: if described > 0 { described -= 1 } else { undescribed += 1 }
                default: break
                }
            }
            if version == 1 {
                #expect(hops == 0)
            } else {
                #expect(hops >= 1 && undescribed == 0)
            }
        }
    }
}
