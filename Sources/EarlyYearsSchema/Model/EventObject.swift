/// The members of an ``EventTree`` object: unique keys kept in `String` order (the order
/// `JSONEncoder` with `.sortedKeys` writes them), in one array.
///
/// Event objects are small (at most about fifteen members), are built and read once per event,
/// and are always written with sorted keys. A sorted array found by binary search does that
/// with one allocation per object and no hashing, where a dictionary hashed every key on every
/// read and write and was sorted again for every write. It keeps a dictionary's semantics: keys
/// are equal as `String`s are (canonically equivalent text is one key), setting `nil` removes
/// a member, and two objects are equal when they have the same members, whatever order they
/// were set in.
public struct EventObject: Sendable, Hashable {
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: EventTree

        @inlinable public init(key: String, value: EventTree) {
            self.key = key
            self.value = value
        }
    }

    /// Sorted by key; no two keys equal. (Inlinable, like the accessors below: the mapping engine
    /// sets and reads members once per field of every event.)
    @usableFromInline var storage: [Member]

    /// The members, in key order.
    public var members: [Member] { storage }

    public init() { storage = [] }

    public init(minimumCapacity: Int) {
        storage = []
        storage.reserveCapacity(minimumCapacity)
    }

    /// An object of members already in key order, no two keys equal (as a layout worked out
    /// once lays them out), taken as they are: no search and no sort.
    @inlinable
    public init(ordered members: [Member]) {
        assert(zip(members, members.dropFirst()).allSatisfy { $0.key < $1.key }, "members out of key order")
        storage = members
    }

    public init(_ dictionary: [String: EventTree]) {
        storage = dictionary.map { Member(key: $0.key, value: $0.value) }
        storage.sort { $0.key < $1.key }
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    /// The keys, in order.
    public var keys: [String] { members.map(\.key) }
    /// The values, in their keys' order.
    public var values: some Collection<EventTree> { members.lazy.map(\.value) }

    /// Where `key` is, or where it would go: the first member whose key is not below it, found
    /// with one comparison per step (a found key is equal, which for the same short key is one
    /// comparison of two words).
    @inlinable
    func position(of key: String) -> (index: Int, found: Bool) {
        var low = 0
        var high = storage.count
        while low < high {
            let middle = (low + high) / 2
            if storage[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return (low, low < storage.count && storage[low].key == key)
    }

    @inlinable
    public subscript(key: String) -> EventTree? {
        get {
            let (index, found) = position(of: key)
            return found ? storage[index].value : nil
        }
        set {
            let (index, found) = position(of: key)
            switch (newValue, found) {
            case (let value?, true): storage[index].value = value
            case (let value?, false): storage.insert(Member(key: key, value: value), at: index)
            case (nil, true): storage.remove(at: index)
            case (nil, false): break
            }
        }
    }

    @inlinable @discardableResult
    public mutating func removeValue(forKey key: String) -> EventTree? {
        let (index, found) = position(of: key)
        return found ? storage.remove(at: index).value : nil
    }

    /// The index of the member at `key`, first set to `initial` where there is none, for
    /// changing its value in place through ``subscript(valueAt:)``.
    @inlinable
    public mutating func slot(_ key: String, initial: EventTree) -> Int {
        let (index, found) = position(of: key)
        if !found { storage.insert(Member(key: key, value: initial), at: index) }
        return index
    }

    /// The value of the member at an index from ``slot(_:initial:)``.
    @inlinable
    public subscript(valueAt index: Int) -> EventTree {
        get { storage[index].value }
        _modify { yield &storage[index].value }
    }

    /// The same keys with transformed values.
    public func mapMembers(_ transform: (EventTree) throws -> EventTree) rethrows -> EventObject {
        var copy = self
        for index in copy.storage.indices { copy.storage[index].value = try transform(copy.storage[index].value) }
        return copy
    }

    /// A dictionary of the transformed values.
    public func mapValues<T>(_ transform: (EventTree) throws -> T) rethrows -> [String: T] {
        var dictionary: [String: T] = [:]
        dictionary.reserveCapacity(members.count)
        for member in members { dictionary[member.key] = try transform(member.value) }
        return dictionary
    }
}

extension EventObject: Sequence {
    public struct Iterator: IteratorProtocol {
        @usableFromInline var base: IndexingIterator<[Member]>

        @inlinable init(base: IndexingIterator<[Member]>) { self.base = base }

        @inlinable public mutating func next() -> (key: String, value: EventTree)? {
            base.next().map { ($0.key, $0.value) }
        }
    }

    @inlinable public func makeIterator() -> Iterator { Iterator(base: storage.makeIterator()) }
    public var underestimatedCount: Int { members.count }
}

extension EventObject: ExpressibleByDictionaryLiteral {
    /// A repeated key keeps its last value, as assigning each in turn would.
    public init(dictionaryLiteral elements: (String, EventTree)...) {
        self.init(minimumCapacity: elements.count)
        for (key, value) in elements { self[key] = value }
    }
}
