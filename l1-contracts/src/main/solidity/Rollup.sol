// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.30;

/// @title Slotstream rollup
/// @notice Records certified checkpoints. `propose` verifies the whole ⌊2n/3⌋+1 quorum of the slot's
/// committee before a checkpoint becomes the tip. Encodings, digests and committee selection are
/// those of docs/PROTOCOL.md (§3, §4, §6); §16 describes this contract.
contract Rollup {
    // ---- errors -------------------------------------------------------------------------------

    error BeforeGenesis(uint256 timestamp, uint256 genesisTime);
    error HeaderLengthMismatch(uint256 length);
    error SlotNotCurrent(uint256 slot, uint256 currentSlot);
    error SlotAlreadyProposed(uint256 slot, uint256 tipSlot);
    error TimestampMismatch(uint256 expected, uint256 actual);
    error LastArchiveMismatch(bytes32 tip, bytes32 lastArchive);
    error MalformedTxEffects(uint256 offset);
    error TxEffectsMismatch(bytes32 blobsHash, bytes32 computed);
    error MalformedBlockHeaders(uint256 length);
    error BlockHeadersMismatch(bytes32 blockHeadersHash, bytes32 computed);
    error CommitteeMismatch(uint256 epoch, bytes32 commitment, bytes32 provided);
    error InvalidProposerSignature();
    error WrongProposer(address expected, address recovered);
    error AttestationBitmapOutOfRange(uint256 bitmap, uint256 committeeSize);
    error InsufficientAttestations(uint256 count, uint256 quorum);
    error SignaturesLengthMismatch(uint256 expected, uint256 actual);
    error InvalidSignature(uint256 position);
    error SignerNotInCommittee(uint256 position, address recovered);
    error DuplicateSigner(uint256 position, address signer);
    error SignerAtWrongPosition(uint256 position, address signer, uint256 signerPosition);

    error NotOwner(address caller);
    error EmptyValidatorSet();
    error DuplicateValidator(address validator);
    error NotAValidator(address validator);
    error InvalidConfig(string what);
    error EpochTooFarAhead(uint256 epoch, uint256 latest);

    // ---- events -------------------------------------------------------------------------------

    /// attestationsHash = keccak256(uint256 bitmap ‖ signatures ‖ proposerSignature).
    event CheckpointProposed(
        uint256 indexed checkpointNumber,
        uint256 indexed slot,
        bytes32 archive,
        bytes32 headerHash,
        bytes32 attestationsHash
    );
    event CommitteeCommitted(uint256 indexed epoch, bytes32 commitment, uint256 size);
    event ValidatorAdded(address indexed validator, uint256 fromEpoch);
    event ValidatorRemoved(address indexed validator, uint256 fromEpoch);

    // ---- constants ----------------------------------------------------------------------------

    uint256 internal constant FIELD_MODULUS =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    uint256 internal constant HALF_CURVE_ORDER =
        0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant PROPOSAL_TYPEHASH = keccak256("CheckpointProposal(bytes32 payloadHash)");
    bytes32 internal constant ATTESTATION_TYPEHASH = keccak256("CheckpointAttestation(bytes32 payloadHash)");
    uint256 internal constant TAG_CHECKPOINT_PROPOSAL = 3;
    uint256 internal constant TAG_CHECKPOINT_ATTESTATION = 4;
    uint256 internal constant FORMAT_VERSION = 1;

    uint256 public constant HEADER_SIZE = 240;
    uint256 public constant BLOCK_HEADER_SIZE = 296;
    uint256 public constant MAX_COMMITTEE_SIZE = 256;
    /// A validator-set change made in epoch e applies from epoch e + VALIDATOR_SET_LAG, so the
    /// committee of an epoch is fixed before the epoch before it starts.
    uint256 public constant VALIDATOR_SET_LAG = 2;

    // CheckpointHeader offsets (§3.4).
    uint256 internal constant OFF_BLOCK_HEADERS_HASH = 32;
    uint256 internal constant OFF_BLOBS_HASH = 64;
    uint256 internal constant OFF_SLOT = 160;
    uint256 internal constant OFF_TIMESTAMP = 168;
    uint256 internal constant TX_EFFECT_FIXED = 116;

    // ---- configuration ------------------------------------------------------------------------

    address public immutable owner;
    bytes32 public immutable baseSeed;
    uint256 public immutable genesisTime;
    uint256 public immutable slotDuration;
    uint256 public immutable epochLength;
    uint256 public immutable targetCommitteeSize;
    uint256 internal immutable cachedChainId;
    bytes32 internal immutable cachedDomainSeparator;

    // ---- state --------------------------------------------------------------------------------

    struct Tip {
        uint64 checkpointNumber;
        uint64 slot;
        bool proposed; // false until the first checkpoint: slot 0 may then still be proposed
    }

    Tip internal tipMeta;
    bytes32 internal tipArchive;

    /// Validator set versions: version k applies from epoch versionFromEpoch[k] on.
    uint256[] internal versionFromEpoch;
    mapping(uint256 => address[]) internal versionMembers;

    mapping(uint256 => bytes32) public committeeCommitment;

    constructor(
        address[] memory validators,
        uint256 targetCommitteeSize_,
        bytes32 baseSeed_,
        uint256 genesisTime_,
        uint256 slotDuration_,
        uint256 epochLength_,
        bytes32 genesisArchive
    ) {
        if (validators.length == 0) revert EmptyValidatorSet();
        if (targetCommitteeSize_ == 0 || targetCommitteeSize_ > MAX_COMMITTEE_SIZE) {
            revert InvalidConfig("targetCommitteeSize");
        }
        if (slotDuration_ == 0) revert InvalidConfig("slotDuration");
        if (epochLength_ == 0) revert InvalidConfig("epochLength");
        for (uint256 i = 0; i < validators.length; i++) {
            for (uint256 j = 0; j < i; j++) {
                if (validators[i] == validators[j]) revert DuplicateValidator(validators[i]);
            }
        }
        owner = msg.sender;
        baseSeed = baseSeed_;
        genesisTime = genesisTime_;
        slotDuration = slotDuration_;
        epochLength = epochLength_;
        targetCommitteeSize = targetCommitteeSize_;
        cachedChainId = block.chainid;
        cachedDomainSeparator = _buildDomainSeparator();
        versionFromEpoch.push(0);
        versionMembers[0] = validators;
        tipArchive = genesisArchive;
    }

    // ---- propose ------------------------------------------------------------------------------

    /// @param header the 240-byte canonical CheckpointHeader (§3.4)
    /// @param archive the archive root after the checkpoint; header ‖ archive is the CheckpointPayload body
    /// @param txEffects every tx effect of the checkpoint (§7.4 encoding), concatenated in block order
    /// @param blockHeaders each block's 296-byte BlockHeader encoding (§3.4), concatenated in block
    /// order: with txEffects, what a node needs to rebuild the chain from L1 alone
    /// @param committee the committee of the slot's epoch, in draw order; checked against its commitment
    /// @param signerBitmap bit i set = committee[i] attested
    /// @param signatures 65-byte r ‖ s ‖ v attestation signatures, one per set bit, in position order
    /// @param proposerSignature the proposer's signature over the payload as CHECKPOINT_PROPOSAL
    function propose(
        bytes calldata header,
        bytes32 archive,
        bytes calldata txEffects,
        bytes calldata blockHeaders,
        address[] calldata committee,
        uint256 signerBitmap,
        bytes calldata signatures,
        bytes calldata proposerSignature
    ) external {
        if (header.length != HEADER_SIZE) revert HeaderLengthMismatch(header.length);
        uint256 slot = _readU64(header, OFF_SLOT);
        _checkSlot(slot, _readU64(header, OFF_TIMESTAMP));

        bytes32 lastArchive = bytes32(header[0:32]);
        if (lastArchive != tipArchive) revert LastArchiveMismatch(tipArchive, lastArchive);

        bytes32 blobsHash = bytes32(header[OFF_BLOBS_HASH:OFF_BLOBS_HASH + 32]);
        bytes32 computed = txEffectsHash(txEffects);
        if (computed != blobsHash) revert TxEffectsMismatch(blobsHash, computed);
        _checkBlockHeaders(bytes32(header[OFF_BLOCK_HEADERS_HASH:OFF_BLOCK_HEADERS_HASH + 32]), blockHeaders);

        uint256 epoch = slot / epochLength;
        _checkCommittee(epoch, committee);

        (bytes32 proposalDigest, bytes32 attestationDigest) = _digests(header, archive);
        _checkProposer(proposalDigest, committee, slot, epoch, proposerSignature);
        _checkAttestations(attestationDigest, committee, signerBitmap, signatures);

        Tip memory t = tipMeta;
        uint64 number = t.checkpointNumber + 1;
        tipMeta = Tip(number, uint64(slot), true);
        tipArchive = archive;
        emit CheckpointProposed(
            number,
            slot,
            archive,
            _fieldHash(header),
            keccak256(abi.encodePacked(signerBitmap, signatures, proposerSignature))
        );
    }

    function _checkSlot(uint256 slot, uint256 timestamp) internal view {
        uint256 current = currentSlot();
        if (slot != current) revert SlotNotCurrent(slot, current);
        Tip memory t = tipMeta;
        if (t.proposed && slot <= t.slot) revert SlotAlreadyProposed(slot, t.slot);
        uint256 start = genesisTime + slot * slotDuration;
        if (timestamp != start) revert TimestampMismatch(start, timestamp);
    }

    function _checkBlockHeaders(bytes32 expected, bytes calldata blockHeaders) internal pure {
        bytes32 computed = blockHeadersHash(blockHeaders);
        if (computed != expected) revert BlockHeadersMismatch(expected, computed);
    }

    function _checkCommittee(uint256 epoch, address[] calldata committee) internal {
        bytes32 stored = committeeCommitment[epoch];
        if (stored == bytes32(0)) {
            stored = _commit(epoch);
        }
        bytes32 provided;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            let len := shl(5, committee.length)
            calldatacopy(ptr, committee.offset, len)
            provided := keccak256(ptr, len)
        }
        if (provided != stored) revert CommitteeMismatch(epoch, stored, provided);
    }

    function _checkProposer(
        bytes32 digest,
        address[] calldata committee,
        uint256 slot,
        uint256 epoch,
        bytes calldata signature
    ) internal view {
        if (signature.length != 65) revert InvalidProposerSignature();
        uint256 index = uint256(keccak256(abi.encode(_seed(epoch), slot))) % committee.length;
        address expected = committee[index];
        uint256 sigOffset;
        assembly ("memory-safe") {
            sigOffset := signature.offset
        }
        (bool ok, address recovered) = _recover(digest, sigOffset);
        if (!ok) revert InvalidProposerSignature();
        if (recovered != expected) revert WrongProposer(expected, recovered);
    }

    function _checkAttestations(
        bytes32 digest,
        address[] calldata committee,
        uint256 bitmap,
        bytes calldata signatures
    ) internal view {
        uint256 size = committee.length;
        if (size < 256 && (bitmap >> size) != 0) revert AttestationBitmapOutOfRange(bitmap, size);
        uint256 count = _popcount(bitmap);
        uint256 needed = quorum(size);
        if (count < needed) revert InsufficientAttestations(count, needed);
        if (signatures.length != count * 65) revert SignaturesLengthMismatch(count * 65, signatures.length);

        uint256 sigOffset;
        assembly ("memory-safe") {
            sigOffset := signatures.offset
        }
        for (uint256 pos = 0; pos < size; pos++) {
            if ((bitmap >> pos) & 1 == 0) continue;
            (bool ok, address recovered) = _recover(digest, sigOffset);
            if (!ok) revert InvalidSignature(pos);
            if (recovered != committee[pos]) _explainMismatch(committee, bitmap, pos, recovered);
            unchecked {
                sigOffset += 65;
            }
        }
    }

    /// Only on failure: says why a signature at `pos` did not recover to committee[pos].
    function _explainMismatch(address[] calldata committee, uint256 bitmap, uint256 pos, address recovered)
        internal
        pure
    {
        for (uint256 j = 0; j < committee.length; j++) {
            if (committee[j] == recovered) {
                if ((bitmap >> j) & 1 == 1) revert DuplicateSigner(pos, recovered);
                revert SignerAtWrongPosition(pos, recovered, j);
            }
        }
        revert SignerNotInCommittee(pos, recovered);
    }

    /// ecrecover of the 65-byte r ‖ s ‖ v at calldata `sigOffset`, refusing high s and v ∉ {27, 28}.
    function _recover(bytes32 digest, uint256 sigOffset) internal view returns (bool ok, address signer) {
        assembly ("memory-safe") {
            let r := calldataload(sigOffset)
            let s := calldataload(add(sigOffset, 32))
            let v := byte(0, calldataload(add(sigOffset, 64)))
            if and(iszero(gt(s, HALF_CURVE_ORDER)), or(eq(v, 27), eq(v, 28))) {
                let ptr := mload(0x40)
                mstore(ptr, digest)
                mstore(add(ptr, 32), v)
                mstore(add(ptr, 64), r)
                mstore(add(ptr, 96), s)
                mstore(0x00, 0)
                if staticcall(gas(), 1, ptr, 128, 0x00, 32) {
                    signer := mload(0x00)
                    ok := and(eq(returndatasize(), 32), iszero(iszero(signer)))
                }
            }
        }
    }

    function _popcount(uint256 x) internal pure returns (uint256 c) {
        unchecked {
            while (x != 0) {
                x &= x - 1;
                c++;
            }
        }
    }

    // ---- hashes and digests -------------------------------------------------------------------

    /// H_list(reduce(keccak(effect_1)), …, reduce(keccak(effect_N))): the header's blobsHash (§7.7).
    function txEffectsHash(bytes calldata txEffects) public pure returns (bytes32 result) {
        uint256 count;
        uint256 end = txEffects.length;
        uint256 at;
        while (at < end) {
            if (end - at < TX_EFFECT_FIXED) revert MalformedTxEffects(at);
            uint256 writes = uint32(bytes4(txEffects[at + 112:at + 116]));
            uint256 size = TX_EFFECT_FIXED + writes * 64;
            if (end - at < size) revert MalformedTxEffects(at);
            at += size;
            count++;
        }
        assembly ("memory-safe") {
            let base := txEffects.offset
            let list := mload(0x40)
            mstore(list, count) // u32 count ends at list + 32
            let scratch := add(add(list, 32), shl(5, count))
            let p := base
            for { let i := 0 } lt(i, count) { i := add(i, 1) } {
                let size := add(TX_EFFECT_FIXED, shl(6, shr(224, calldataload(add(p, 112)))))
                calldatacopy(scratch, p, size)
                mstore(add(add(list, 32), shl(5, i)), mod(keccak256(scratch, size), FIELD_MODULUS))
                p := add(p, size)
            }
            result := mod(keccak256(add(list, 28), add(4, shl(5, count))), FIELD_MODULUS)
        }
    }

    /// H_list(reduce(keccak(blockHeader_1)), …): the header's blockHeadersHash (§7.7). At least one
    /// block, each exactly BLOCK_HEADER_SIZE bytes.
    function blockHeadersHash(bytes calldata blockHeaders) public pure returns (bytes32 result) {
        uint256 length = blockHeaders.length;
        if (length == 0 || length % BLOCK_HEADER_SIZE != 0) revert MalformedBlockHeaders(length);
        uint256 count = length / BLOCK_HEADER_SIZE;
        assembly ("memory-safe") {
            let list := mload(0x40)
            mstore(list, count) // u32 count ends at list + 32
            let scratch := add(add(list, 32), shl(5, count))
            let p := blockHeaders.offset
            for { let i := 0 } lt(i, count) { i := add(i, 1) } {
                calldatacopy(scratch, p, BLOCK_HEADER_SIZE)
                mstore(add(add(list, 32), shl(5, i)), mod(keccak256(scratch, BLOCK_HEADER_SIZE), FIELD_MODULUS))
                p := add(p, BLOCK_HEADER_SIZE)
            }
            result := mod(keccak256(add(list, 28), add(4, shl(5, count))), FIELD_MODULUS)
        }
    }

    /// The EIP-712 digests of header ‖ archive as CHECKPOINT_PROPOSAL and as CHECKPOINT_ATTESTATION.
    function _digests(bytes calldata header, bytes32 archive)
        internal
        view
        returns (bytes32 proposal, bytes32 attestation)
    {
        bytes32 separator = domainSeparator();
        bytes32 proposalType = PROPOSAL_TYPEHASH;
        bytes32 attestationType = ATTESTATION_TYPEHASH;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            // tag ‖ version ‖ header (240) ‖ archive (32) = 274 bytes at ptr + 30
            mstore(ptr, or(shl(8, TAG_CHECKPOINT_PROPOSAL), FORMAT_VERSION))
            calldatacopy(add(ptr, 32), header.offset, HEADER_SIZE)
            mstore(add(ptr, 272), archive)
            let proposalPayloadHash := keccak256(add(ptr, 30), 274)
            mstore(ptr, or(shl(8, TAG_CHECKPOINT_ATTESTATION), FORMAT_VERSION))
            let attestationPayloadHash := keccak256(add(ptr, 30), 274)

            mstore(ptr, proposalType)
            mstore(add(ptr, 32), proposalPayloadHash)
            let proposalStruct := keccak256(ptr, 64)
            mstore(ptr, attestationType)
            mstore(add(ptr, 32), attestationPayloadHash)
            let attestationStruct := keccak256(ptr, 64)

            // 0x1901 ‖ separator ‖ structHash = 66 bytes at ptr + 30
            mstore(ptr, 0x1901)
            mstore(add(ptr, 32), separator)
            mstore(add(ptr, 64), proposalStruct)
            proposal := keccak256(add(ptr, 30), 66)
            mstore(add(ptr, 64), attestationStruct)
            attestation := keccak256(add(ptr, 30), 66)
        }
    }

    function domainSeparator() public view returns (bytes32) {
        return block.chainid == cachedChainId ? cachedDomainSeparator : _buildDomainSeparator();
    }

    function _buildDomainSeparator() internal view returns (bytes32) {
        return keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256("Slotstream"), keccak256("1"), block.chainid, address(this))
        );
    }

    /// The digests the proposer and the attesters sign for this checkpoint (§4.3).
    function checkpointDigests(bytes calldata header, bytes32 archive)
        external
        view
        returns (bytes32 proposal, bytes32 attestation)
    {
        if (header.length != HEADER_SIZE) revert HeaderLengthMismatch(header.length);
        return _digests(header, archive);
    }

    /// CheckpointHeader.hash() = reduce(keccak(header)).
    function _fieldHash(bytes calldata header) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, header.offset, HEADER_SIZE)
            h := mod(keccak256(ptr, HEADER_SIZE), FIELD_MODULUS)
        }
    }

    function _readU64(bytes calldata data, uint256 offset) internal pure returns (uint256) {
        return uint64(bytes8(data[offset:offset + 8]));
    }

    // ---- time ---------------------------------------------------------------------------------

    /// floor((block.timestamp − genesisTime) / slotDuration); reverts before genesis.
    function currentSlot() public view returns (uint256) {
        if (block.timestamp < genesisTime) revert BeforeGenesis(block.timestamp, genesisTime);
        return (block.timestamp - genesisTime) / slotDuration;
    }

    function currentEpoch() public view returns (uint256) {
        return currentSlot() / epochLength;
    }

    /// The epoch now, or 0 before genesis: validator-set changes count their lag from here.
    function _epochNow() internal view returns (uint256) {
        if (block.timestamp < genesisTime) return 0;
        return (block.timestamp - genesisTime) / slotDuration / epochLength;
    }

    // ---- tip ----------------------------------------------------------------------------------

    /// The latest checkpoint: its number (0 = genesis), slot (0 until the first) and archive root.
    function tip() external view returns (uint256 checkpointNumber, uint256 slot, bytes32 archive) {
        Tip memory t = tipMeta;
        return (t.checkpointNumber, t.slot, tipArchive);
    }

    // ---- committee ----------------------------------------------------------------------------

    function quorum(uint256 committeeSize) public pure returns (uint256) {
        return committeeSize * 2 / 3 + 1;
    }

    function epochSeed(uint256 epoch) external view returns (bytes32) {
        return _seed(epoch);
    }

    function _seed(uint256 epoch) internal view returns (bytes32) {
        return keccak256(abi.encode(baseSeed, epoch));
    }

    /// The validator set that applies in `epoch`, in registration order.
    function validatorsAt(uint256 epoch) public view returns (address[] memory) {
        return versionMembers[_versionAt(epoch)];
    }

    function _versionAt(uint256 epoch) internal view returns (uint256 k) {
        k = versionFromEpoch.length - 1;
        while (versionFromEpoch[k] > epoch) k--;
    }

    /// Partial Fisher–Yates over the validator set, keyed by keccak(abi.encode(seed, i)) (§6).
    function getCommittee(uint256 epoch) public view returns (address[] memory committee) {
        address[] storage validators = versionMembers[_versionAt(epoch)];
        bytes32 seed = _seed(epoch);
        uint256 n = validators.length;
        uint256 size = n < targetCommitteeSize ? n : targetCommitteeSize;
        uint256[] memory idx = new uint256[](n);
        for (uint256 i = 0; i < n; i++) idx[i] = i;
        committee = new address[](size);
        uint256 remaining = n;
        for (uint256 i = 0; i < size; i++) {
            uint256 r = uint256(keccak256(abi.encode(seed, i))) % remaining;
            committee[i] = validators[idx[r]];
            idx[r] = idx[remaining - 1];
            remaining--;
        }
    }

    function getProposer(uint256 slot) public view returns (address) {
        address[] memory committee = getCommittee(slot / epochLength);
        return committee[uint256(keccak256(abi.encode(_seed(slot / epochLength), slot))) % committee.length];
    }

    function getCurrentCommittee() external view returns (address[] memory) {
        return getCommittee(currentEpoch());
    }

    function getCurrentProposer() external view returns (address) {
        return getProposer(currentSlot());
    }

    /// Stores keccak(committee words) for `epoch`, once; `propose` does it itself when needed.
    function setupEpoch(uint256 epoch) external returns (bytes32) {
        uint256 latest = _epochNow() + 1;
        if (epoch > latest) revert EpochTooFarAhead(epoch, latest);
        bytes32 stored = committeeCommitment[epoch];
        return stored != bytes32(0) ? stored : _commit(epoch);
    }

    function _commit(uint256 epoch) internal returns (bytes32 commitment) {
        address[] memory committee = getCommittee(epoch);
        commitment = keccak256(abi.encodePacked(committee));
        committeeCommitment[epoch] = commitment;
        emit CommitteeCommitted(epoch, commitment, committee.length);
    }

    // ---- validator set ------------------------------------------------------------------------

    function addValidator(address validator) external {
        address[] storage members = _pendingVersion();
        for (uint256 i = 0; i < members.length; i++) {
            if (members[i] == validator) revert DuplicateValidator(validator);
        }
        members.push(validator);
        emit ValidatorAdded(validator, versionFromEpoch[versionFromEpoch.length - 1]);
    }

    /// Removes `validator`, keeping the order of the others.
    function removeValidator(address validator) external {
        address[] storage members = _pendingVersion();
        uint256 n = members.length;
        uint256 i = 0;
        while (i < n && members[i] != validator) i++;
        if (i == n) revert NotAValidator(validator);
        if (n == 1) revert EmptyValidatorSet();
        for (; i + 1 < n; i++) members[i] = members[i + 1];
        members.pop();
        emit ValidatorRemoved(validator, versionFromEpoch[versionFromEpoch.length - 1]);
    }

    /// The version that changes made now apply to, created (as a copy of the latest) if needed.
    function _pendingVersion() internal returns (address[] storage) {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        uint256 from = _epochNow() + VALIDATOR_SET_LAG;
        uint256 last = versionFromEpoch.length - 1;
        if (versionFromEpoch[last] != from) {
            versionFromEpoch.push(from);
            versionMembers[last + 1] = versionMembers[last];
            last++;
        }
        return versionMembers[last];
    }
}
