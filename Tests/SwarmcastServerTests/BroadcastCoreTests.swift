@testable import SwarmcastServer
import SwarmcastSettings
import SwarmcastWire
import Testing

/// The broadcast core driven in-process with fake listeners: admission, packet grouping, the
/// slow-listener policies and room state, with no binary, no socket and no event loop.
struct BroadcastCoreTests {
    // MARK: Admission

    @Test func welcomesListenerWithTheRoomAsItIsNow() {
        let h = CoreHarness { $0.server.demoSpeakers = 2 }
        _ = h.listener()
        let (_, admission) = h.hello(.listener)
        guard case .listener(let room, let welcome) = admission else { Issue.record("not admitted: \(admission)"); return }
        #expect(room.id == 1 && welcome.room == 1)
        #expect(welcome.listeners == 2)
        #expect(welcome.speakers == 2)
        #expect(welcome.session == 2, "each WELCOME has its own session number")
        #expect(h.core.listenerCount == 2)
        #expect(h.metrics.listenersJoined == 2)
    }

    @Test func rejectsListenerWhenProcessIsAtMaxListeners() {
        let h = CoreHarness { $0.server.maxListeners = 3; $0.server.rooms = 2 }
        _ = h.listener(room: 1)
        _ = h.listener(room: 2)
        _ = h.listener(room: 2)
        #expect(h.hello(.listener, room: 1).1.rejection == .full)
        #expect(h.metrics.rejects["full"] == 1)
        #expect(h.core.listenerCount == 3)
    }

    @Test func aListenerLeavingFreesItsPlace() {
        let h = CoreHarness { $0.server.maxListeners = 1 }
        h.listener().close(reason: "bye")
        #expect(h.core.listenerCount == 0)
        #expect(h.hello(.listener).1.rejection == nil)
    }

    @Test func rejectsListenerWhenRoomIsFull() {
        let h = CoreHarness { $0.server.maxRoomListeners = 2; $0.server.rooms = 2 }
        _ = h.listener(room: 1)
        _ = h.listener(room: 1)
        #expect(h.hello(.listener, room: 1).1.rejection == .full)
        #expect(h.hello(.listener, room: 2).1.rejection == nil, "the ceiling is per room")
    }

    @Test func httpListenersCountTowardTheRoomCeiling() {
        let h = CoreHarness { $0.server.maxRoomListeners = 2 }
        _ = h.listener()
        #expect(h.core.admitHTTP(room: 1, from: FakeListener()) == .listening(roomID: 1))
        #expect(h.core.admitHTTP(room: 1, from: FakeListener()) == .refused(status: "503 Service Unavailable", reason: .full))
        #expect(h.core.admitHTTP(room: 9, from: FakeListener()) == .refused(status: "404 Not Found", reason: .noSuchRoom))
        #expect(h.core.admitHTTP(room: nil, from: FakeListener()) == .refused(status: "404 Not Found", reason: nil))
        #expect(h.core.listenerCount == 2)
    }

    @Test func rejectsUnknownRoom() {
        let h = CoreHarness { $0.server.rooms = 2 }
        #expect(h.hello(.listener, room: 0).1.rejection == .noSuchRoom)
        #expect(h.hello(.listener, room: 3).1.rejection == .noSuchRoom)
        #expect(h.hello(.speaker, room: 3).1.rejection == .noSuchRoom)
        #expect(h.metrics.rejects["no-such-room"] == 3)
    }

    @Test func rejectsBadVersion() {
        let h = CoreHarness()
        #expect(h.hello(.listener, version: protocolVersion + 1).1.rejection == .badVersion)
        #expect(h.hello(.relay, version: 0).1.rejection == .badVersion)
        #expect(h.core.listenerCount == 0)
    }

    @Test func rejectsSpeakerWithBadTokenWhenSecretIsSet() {
        let h = CoreHarness { $0.server.speakerSecret = "s3cret"; $0.server.rooms = 2 }
        let now = h.clock.realtimeNanos / 1_000_000_000
        let good = Array(SpeakerToken.mint(secret: "s3cret", room: 1, expiry: now + 60).utf8)
        #expect(h.hello(.speaker, token: []).1.rejection == .badToken)
        #expect(h.hello(.speaker, token: Array(SpeakerToken.mint(secret: "other", room: 1, expiry: now + 60).utf8)).1.rejection == .badToken)
        #expect(h.hello(.speaker, room: 2, token: good).1.rejection == .badToken, "a token is for one room")
        #expect(h.hello(.speaker, token: Array(SpeakerToken.mint(secret: "s3cret", room: 1, expiry: now - 1).utf8)).1.rejection == .badToken)
        #expect(h.hello(.speaker, token: good).1.rejection == nil)
        #expect(h.hello(.listener, token: []).1.rejection == nil, "listeners need no token")
        #expect(h.metrics.rejects["bad-token"] == 4)
    }

    @Test func rejectsSpeakerWhenAllFourteenSeatsAreTaken() {
        let h = CoreHarness()
        let seats = (0..<14).map { _ -> UInt8? in
            if case .speaker(_, let seat, _) = h.hello(.speaker).1 { seat } else { nil }
        }
        #expect(seats == (0..<14).map { UInt8($0) })
        let (_, fifteenth) = h.hello(.speaker)
        #expect(fifteenth.rejection == .speakerSeatsTaken)
        #expect(h.metrics.speakersJoined == 14)
    }

    @Test func builtInSpeakersHoldTheLowestSeats() {
        let h = CoreHarness { $0.server.demoSpeakers = 3 }
        guard case .speaker(_, let seat, _) = h.hello(.speaker).1 else { Issue.record("not seated"); return }
        #expect(seat == 3)
        for _ in 0..<10 { h.hello(.speaker) }
        #expect(h.hello(.speaker).1.rejection == .speakerSeatsTaken)
    }

    /// Edges form a tree: a single server, an origin and an edge all take edges of their own.
    @Test func acceptsRelaysInEveryRole() {
        for role in ServerRole.allCases {
            let h = CoreHarness(role: role)
            guard case .relay(let welcome) = h.hello(.relay).1 else { Issue.record("relay refused by \(role)"); continue }
            #expect(welcome.room == 0)
            #expect(h.core.relays.count == 1)
        }
    }

    // MARK: Packets

    @Test func groupsFramesPerPacketIntoOneWrite() {
        let h = CoreHarness { $0.audio.framesPerPacket = 3; $0.server.demoSpeakers = 1 }
        let listener = h.listener()
        h.tick(2)
        #expect(listener.written.isEmpty, "the packet is not complete yet")
        h.tick()
        #expect(listener.written.count == 1)
        #expect(listener.written.first?.frameCount == 3)
        #expect(listener.audio.map(\.sequence) == [1, 2, 3])
        h.tick(3)
        #expect(listener.written.count == 2)
        #expect(h.metrics.packetsOut == 2 && h.metrics.framesOut == 6)
    }

    @Test func speakerFramesWaitForTheTickWhenPacketsAreGrouped() {
        let h = CoreHarness { $0.audio.framesPerPacket = 3 }
        let listener = h.listener()
        guard case .speaker(let room, _, _) = h.hello(.speaker).1 else { Issue.record("not seated"); return }
        for sequence in 1...3 as ClosedRange<UInt64> {
            h.core.publish(AudioFrame(room: 1, speaker: 0, sequence: sequence, captureTimeNanos: h.clock.realtimeNanos, payload: [1]), in: room)
        }
        #expect(listener.written.isEmpty)
        h.tick(3)
        #expect(listener.written.count == 1)
        #expect(listener.audio.map(\.sequence) == [1, 2, 3])
        #expect(h.metrics.framesIn == 3)
    }

    @Test func relaysGetEveryPacketListenersGet() {
        let h = CoreHarness(role: .origin) { $0.server.demoSpeakers = 1 }
        let listener = h.listener()
        let (relay, _) = h.hello(.relay)
        h.tick(4)
        #expect(listener.audio.count == 4)
        #expect(relay.audio.map(\.sequence) == [1, 2, 3, 4])
    }

    // MARK: Slow listeners

    @Test func skipToLiveDropsTheOldestFramesAndCountsThem() {
        let h = CoreHarness { $0.server.demoSpeakers = 1; $0.server.backlogFrames = 5; $0.server.slowListener = .skipToLive }
        let healthy = h.listener()
        let slow = h.listener()
        slow.stalled = true
        h.tick(8)
        #expect(slow.closedReason == nil)
        #expect(slow.queuedFrames == 5)
        #expect(slow.audio.map(\.sequence) == [4, 5, 6, 7, 8], "the oldest went, the newest stay")
        #expect(h.metrics.droppedFrames["skip-to-live"] == 3)
        #expect(healthy.audio.map(\.sequence) == Array(1...8))
    }

    @Test func disconnectClosesSlowListenerAsTooSlow() {
        let h = CoreHarness { $0.server.demoSpeakers = 1; $0.server.backlogFrames = 5; $0.server.slowListener = .disconnect }
        let healthy = h.listener()
        let slow = h.listener()
        slow.stalled = true
        h.tick(5)
        #expect(slow.closedReason == nil, "a full backlog is still allowed")
        h.tick()
        #expect(slow.closedReason == "too-slow")
        #expect(h.core.listenerCount == 1)
        #expect(h.metrics.droppedFrames.isEmpty)
        h.tick()
        #expect(healthy.audio.count == 7)
    }

    @Test func memoryCeilingDropsEveryQueuedFrameUnderSkipToLive() {
        let h = CoreHarness { $0.server.demoSpeakers = 1; $0.server.backlogMemoryBytes = 1_000; $0.server.slowListener = .skipToLive }
        let healthy = h.listener()
        let slow = h.listener()
        slow.stalled = true
        h.tick(3)
        #expect(slow.queuedFrames == 3, "under the ceiling nothing is dropped")
        h.processQueuedBytes = 2_000
        h.tick()
        #expect(h.metrics.droppedFrames["memory-ceiling"] == 3)
        #expect(slow.audio.map(\.sequence) == [4], "only the newest packet is queued")
        #expect(healthy.audio.count == 4, "a listener with nothing queued is untouched")
    }

    @Test func memoryCeilingDisconnectsUnderDisconnectPolicy() {
        let h = CoreHarness { $0.server.demoSpeakers = 1; $0.server.backlogMemoryBytes = 1_000; $0.server.slowListener = .disconnect }
        let healthy = h.listener()
        let slow = h.listener()
        slow.stalled = true
        h.tick()
        h.processQueuedBytes = 2_000
        h.tick()
        #expect(slow.closedReason == "memory-ceiling")
        #expect(healthy.closedReason == nil)
        #expect(h.core.listenerCount == 1)
    }

    // MARK: Room state

    @Test func roomListenersIncludeThoseAnEdgeReported() {
        let h = CoreHarness(role: .origin)
        _ = h.listener()
        _ = h.core.admitHTTP(room: 1, from: FakeListener())
        let (relay, _) = h.hello(.relay)
        h.core.absorb(edgeReport: RoomState(room: 1, listeners: 40, speakers: 0, reactions: []), from: ObjectIdentifier(relay))
        h.core.absorb(edgeReport: RoomState(room: 1, listeners: 25, speakers: 0, reactions: []), from: ObjectIdentifier(relay))
        #expect(h.core.rooms[0].state.listeners == 27, "an edge's latest report replaces its last")
        relay.close(reason: "peer-closed")
        #expect(h.core.rooms[0].state.listeners == 2, "a lost edge's listeners no longer count")
        #expect(h.core.listenerCount == 2, "the process ceiling counts only its own listeners")
    }

    @Test func reactionsAreSummedWithEdgeReports() {
        let h = CoreHarness(role: .origin)
        let room = h.core.rooms[0]
        h.core.react(kind: 2, in: room)
        h.core.react(kind: 2, in: room)
        h.core.react(kind: 5, in: room)
        let (relay, _) = h.hello(.relay)
        h.core.absorb(edgeReport: RoomState(room: 1, listeners: 0, speakers: 0, reactions: [ReactionCount(kind: 2, count: 5)]),
                      from: ObjectIdentifier(relay))
        let counts = Dictionary(uniqueKeysWithValues: room.state.reactions.map { ($0.kind, $0.count) })
        #expect(counts[2] == 7 && counts[5] == 1)
        #expect(h.metrics.reactions == 3, "an edge counted its own reactions")
    }

    @Test func anEdgeReportsOnlyNewReactions() {
        let h = CoreHarness(role: .edge)
        h.core.react(kind: 1, in: h.core.rooms[0])
        #expect(h.core.takeEdgeReports().first?.reactions == [ReactionCount(kind: 1, count: 1)])
        #expect(h.core.takeEdgeReports().first?.reactions == [])
    }

    @Test func silentRoomsGetRoomStateOnItsOwn() {
        let h = CoreHarness()
        let listener = h.listener()
        h.core.publishSilentRoomStates()
        #expect(listener.written.isEmpty, "a room just made is not silent until a packet interval and half a state interval have passed")
        h.clock.advance(nanos: 3_500_000_000)
        h.core.publishSilentRoomStates()
        guard case .roomState(let state)? = listener.frames.last else { Issue.record("no ROOM_STATE: \(listener.frames)"); return }
        #expect(state.listeners == 1)
        h.core.publishSilentRoomStates()
        #expect(listener.written.count == 1, "not again before the interval has passed")
    }

    @Test func listenersJoiningWhileAudioFlowsHearTheStateInTheirFirstPacket() {
        // 3 s packets into a room nobody listens to: no state rides in them, nobody is told.
        let h = CoreHarness { $0.server.demoSpeakers = 1; $0.audio.framesPerPacket = 150 }
        h.tick(150 * 3)
        let listener = h.listener()
        h.tick(100)
        h.core.publishSilentRoomStates()
        #expect(listener.written.isEmpty, "audio flows: no ROOM_STATE of its own")
        h.tick(50)
        #expect(listener.written.count == 1)
        #expect(listener.frames.contains { if case .roomState(let state) = $0 { state.listeners == 1 } else { false } },
                "the state rides in the packet: \(listener.frames)")
        // The audio stops (no frame timer for 4 s): past a packet interval and half a state
        // interval, the state goes alone.
        h.clock.advance(nanos: 4_000_000_000)
        h.core.publishSilentRoomStates()
        #expect(listener.written.count == 2)
        // Nor before the first packet of a server just started: its listeners join in its first seconds.
        let early = CoreHarness { $0.server.demoSpeakers = 1; $0.audio.framesPerPacket = 150 }
        early.tick(50)
        let first = early.listener()
        early.tick(50)
        early.core.publishSilentRoomStates()
        #expect(first.written.isEmpty, "the first packet is not due yet: no ROOM_STATE of its own")
    }
}
