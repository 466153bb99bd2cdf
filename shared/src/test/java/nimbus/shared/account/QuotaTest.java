package nimbus.shared.account;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Optional;
import nimbus.shared.error.QuotaExceeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The per-file and total storage limits of each tier, and how a refusal reports the account's use. */
class QuotaTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    private static Account account(QuotaTier tier, long storageUsed) {
        return new Account(
                "usr_test", "test@example.com", "Test", tier, storageUsed, 3, 0, Instant.parse("2025-01-01T00:00:00Z"));
    }

    @ParameterizedTest
    @EnumSource(QuotaTier.class)
    void aFileOfExactlyThePerFileLimitFits(QuotaTier tier) {
        assertDoesNotThrow(() -> Quota.checkFits(account(tier, 0), tier.maxFileBytes()));
    }

    @ParameterizedTest
    @EnumSource(QuotaTier.class)
    void oneByteOverThePerFileLimitIsFileTooLarge(QuotaTier tier) {
        Account account = account(tier, 1234);
        long size = tier.maxFileBytes() + 1;
        QuotaExceeded e = assertThrows(QuotaExceeded.class, () -> Quota.checkFits(account, size));
        assertEquals(QuotaExceeded.Reason.FILE_TOO_LARGE, e.reason());
        assertEquals(size, e.fileSize());
        assertEquals(new QuotaUsage(1234, tier), e.usage());
    }

    @ParameterizedTest
    @EnumSource(QuotaTier.class)
    void fillingStorageExactlyToTheLimitFits(QuotaTier tier) {
        long size = tier.maxFileBytes();
        Account account = account(tier, tier.maxTotalBytes() - size);
        assertDoesNotThrow(() -> Quota.checkFits(account, size));
    }

    @ParameterizedTest
    @EnumSource(QuotaTier.class)
    void oneByteMoreThanTheStorageLimitIsStorageFull(QuotaTier tier) {
        long used = tier.maxTotalBytes() - MIB;
        Account account = account(tier, used);
        QuotaExceeded e = assertThrows(QuotaExceeded.class, () -> Quota.checkFits(account, MIB + 1));
        assertEquals(QuotaExceeded.Reason.STORAGE_FULL, e.reason());
        assertEquals(MIB + 1, e.fileSize());
        assertEquals(used, e.usage().storageUsed());
        assertEquals(tier, e.usage().tier());
    }

    @Test
    void aFullAccountRefusesEvenOneByte() {
        Account full = account(QuotaTier.UNVERIFIED, 50 * MIB);
        QuotaExceeded e = assertThrows(QuotaExceeded.class, () -> Quota.checkFits(full, 1));
        assertEquals(QuotaExceeded.Reason.STORAGE_FULL, e.reason());
    }

    @Test
    void anEmptyFileFitsAFullAccount() {
        assertDoesNotThrow(() -> Quota.checkFits(account(QuotaTier.UNVERIFIED, 50 * MIB), 0));
    }

    @Test
    void aFileBothTooLargeAndOverTheTotalIsReportedAsTooLarge() {
        Account nearlyFull = account(QuotaTier.UNVERIFIED, 49 * MIB);
        QuotaExceeded e = assertThrows(QuotaExceeded.class, () -> Quota.checkFits(nearlyFull, 11 * MIB));
        assertEquals(QuotaExceeded.Reason.FILE_TOO_LARGE, e.reason());
    }

    @ParameterizedTest(name = "[{index}] {0} of {1}: {2}%")
    @CsvSource({
        "0,        UNVERIFIED, 0.0",
        "1,        UNVERIFIED, 0.0",
        "26214400, UNVERIFIED, 50.0",
        "17476266, UNVERIFIED, 33.33", // a third, rounded down
        "34952533, UNVERIFIED, 66.67", // two thirds, rounded up
        "52428800, UNVERIFIED, 100.0",
        "62914560, UNVERIFIED, 120.0", // over the limit (a tier was lowered) is reported as it is
        "5242880,  VERIFIED,   0.01", // 5 MiB of 50 GiB is 0.0098%
    })
    void percentageUsedIsRoundedToTwoDecimals(long used, QuotaTier tier, double expected) {
        assertEquals(expected, new QuotaUsage(used, tier).percentageUsed());
    }

    @ParameterizedTest(name = "[{index}] {0} used leaves {1}")
    @CsvSource({
        "0,        52428800",
        "52428799, 1",
        "52428800, 0",
        "62914560, 0",
    })
    void remainingIsNeverNegative(long used, long expected) {
        assertEquals(expected, new QuotaUsage(used, QuotaTier.UNVERIFIED).remaining());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is {1}")
    @CsvSource(
            quoteCharacter = '\'',
            value = {
                "unverified,                 UNVERIFIED",
                "verified,                   VERIFIED",
                "functionally_unlimited,     FUNCTIONALLY_UNLIMITED",
                "unlimited,                  FUNCTIONALLY_UNLIMITED",
                "UNVERIFIED,                 UNVERIFIED",
                "Verified,                   VERIFIED",
                "Functionally_Unlimited,     FUNCTIONALLY_UNLIMITED",
                "UnLimited,                  FUNCTIONALLY_UNLIMITED",
                "'  verified  ',             VERIFIED",
                "'\tunlimited\n',            FUNCTIONALLY_UNLIMITED",
            })
    void fromSlugAcceptsAnyCaseAndSurroundingSpaces(String slug, QuotaTier expected) {
        assertEquals(Optional.of(expected), QuotaTier.fromSlug(slug));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "gold", "free", "verifiedx", "un verified"})
    void fromSlugOfAnUnknownTierIsEmpty(String slug) {
        assertEquals(Optional.empty(), QuotaTier.fromSlug(slug));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "UNVERIFIED,             unverified,             10,  52428800",
        "VERIFIED,               verified,               100, 53687091200",
        "FUNCTIONALLY_UNLIMITED, functionally_unlimited, 500, 322122547200",
    })
    void tiersHaveTheDocumentedSlugsAndLimits(QuotaTier tier, String slug, long maxFileMib, long maxTotalBytes) {
        assertEquals(slug, tier.slug());
        assertEquals(maxFileMib * MIB, tier.maxFileBytes());
        assertEquals(maxTotalBytes, tier.maxTotalBytes());
        assertEquals(Optional.of(tier), QuotaTier.fromSlug(slug));
    }

    @Test
    void totalLimitsAreWholeBinaryUnits() {
        assertEquals(50 * MIB, QuotaTier.UNVERIFIED.maxTotalBytes());
        assertEquals(50 * GIB, QuotaTier.VERIFIED.maxTotalBytes());
        assertEquals(300 * GIB, QuotaTier.FUNCTIONALLY_UNLIMITED.maxTotalBytes());
    }

    @Test
    void accountReportsItsUsageAgainstItsTier() {
        Account account = account(QuotaTier.VERIFIED, 5 * GIB);
        assertEquals(50 * GIB, account.storageLimit());
        assertEquals(new QuotaUsage(5 * GIB, QuotaTier.VERIFIED), account.usage());
        assertEquals(10.0, account.usage().percentageUsed());
        assertEquals(45 * GIB, account.usage().remaining());
    }
}
