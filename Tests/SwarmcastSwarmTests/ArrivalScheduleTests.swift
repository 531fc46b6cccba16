import SwarmcastScenario
import SwarmcastSwarm
import Testing

struct ArrivalScheduleTests {
    @Test func rampAndHoldArrivesLinearlyThenStays() {
        let s = ArrivalSchedule.rampAndHold(listeners: 1000, ramp: 10, duration: 30)
        #expect(s.durationSeconds == 30)
        #expect(s.arrivals(at: 5) == 500)
        #expect(s.arrivals(at: 20) == 1000)
        #expect(s.target(at: 25) == 1000)
        #expect(s.peakTarget == 1000)
    }

    @Test func rateStormAndRampDown() {
        let s = ArrivalSchedule(stages: [.rate(100, for: 10), .storm(500, thenHold: 5), .ramp(to: 200, over: 5)])
        #expect(s.arrivals(at: 5) == 500)
        #expect(s.arrivals(at: 10.001) == 1500)
        #expect(s.target(at: 12) == 1500)
        #expect(s.peakTarget == 1500)
        #expect(s.target(at: 20) == 200)
        // A ramp down schedules no arrivals.
        #expect(s.arrivals(at: 20) == 1500)
    }

    @Test func timeOfArrivalInvertsTheSchedule() throws {
        let s = ArrivalSchedule.rampAndHold(listeners: 100, ramp: 10, duration: 20)
        let t = try #require(s.time(ofArrival: 50))
        #expect(abs(t - 5) < 0.001)
        #expect(s.time(ofArrival: 101) == nil)
    }

    @Test func agentsShareArrivalsExactly() {
        for total in [0, 1, 7, 1000, 1001] {
            let shares = (0..<3).map { ArrivalSchedule.share(of: total, agent: $0, agents: 3) }
            #expect(shares.reduce(0, +) == total)
            #expect(shares.max()! - shares.min()! <= 1)
        }
    }
}

struct SourceURLTests {
    @Test func parsesIcecastSourceAddresses() throws {
        let url = try #require(SourceURL("http://source:hack:me@127.0.0.1:8000/room1"))
        #expect(url.user == "source" && url.password == "hack:me" && url.host == "127.0.0.1" && url.port == 8000 && url.path == "/room1")
        #expect(SourceURL("http://localhost:8000/x") == nil, "credentials are required")
        #expect(SourceURL("ftp://a:b@h:1/m") == nil)
        #expect(SourceURL("http://a:b@h/m") == nil, "a port is required")
    }
}
