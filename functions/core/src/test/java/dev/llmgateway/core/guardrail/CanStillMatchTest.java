package dev.llmgateway.core.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What a stream holds back for each detector ({@link Detector#holdFrom}): a tail only while text
 * still to come can complete a value from it, and nothing once no continuation can.
 */
class CanStillMatchTest {
    private static int hold(String detector, String text) {
        return BuiltIn.get(detector).holdFrom(text);
    }

    @Test
    void aCardNumberIsHeldOnlyWhileAnIssuerCouldStillHaveIssuedIt() {
        assertThat(hold("credit_card", "paid 4111 1111")).isEqualTo(5);
        assertThat(hold("credit_card", "on 2024-11-05")).isEqualTo(13); // no scheme issues numbers starting 20
        assertThat(hold("credit_card", "ref 411 1111")).isEqualTo(12); // a grouped card begins with four digits
        assertThat(hold("credit_card", "no 4111111111111111111")).isEqualTo(22); // 19 digits and no value: the run is decided
    }

    @Test
    void anSsnIsHeldOnlyWhileItsShapeAndAreaCanStillBeRight() {
        assertThat(hold("us_ssn", "id 078-05")).isEqualTo(3);
        assertThat(hold("us_ssn", "id 912-")).isEqualTo(7); // areas 900-999 are never issued
        assertThat(hold("us_ssn", "on 2024-")).isEqualTo(8); // four digits first: not AAA-GG-SSSS
        assertThat(hold("us_ssn", "id 078-051")).isEqualTo(10); // a group of three: not GG
    }

    @Test
    void anAadhaarNumberIsHeldOnlyWhileItCanStillBeTwelveDigitsOrFourFourFour() {
        assertThat(hold("aadhaar", "no 2345 67")).isEqualTo(3);
        assertThat(hold("aadhaar", "on 2024-11-")).isEqualTo(11);
        assertThat(hold("aadhaar", "no 23456789012345")).isEqualTo(17);
    }

    @Test
    void aPhoneNumberIsHeldOnlyWhileAKnownFormCanStillComplete() {
        assertThat(hold("phone", "call 415 555")).isEqualTo(5);
        assertThat(hold("phone", "call 020 7946")).isEqualTo(5);
        assertThat(hold("phone", "took 120 ")).isEqualTo(9); // a North American area code starts with 2-9, a national number with 0
        assertThat(hold("phone", "took 2024-")).isEqualTo(10); // a group of four first is neither
        assertThat(hold("phone", "call +0")).isEqualTo(7); // no country code starts with 0
        assertThat(hold("phone", "call +44 20")).isEqualTo(5);
    }

    @Test
    void anIpv6AddressDoesNotHoldADottedNumberThatCannotEndOne() {
        assertThat(hold("ipv6", "on December 1.")).isEqualTo(14); // a dotted IPv4 takes the last two of eight groups
        assertThat(hold("ipv6", "at ::ffff:192.0.")).isEqualTo(3);
    }

    @Test
    void aWordIsHeldAsALocalPartOnlyUpToTheLongestOne() {
        String word = "x".repeat(64);
        assertThat(hold("email", "see " + word)).isEqualTo(4);
        assertThat(hold("email", "see " + word + "x")).isEqualTo(69); // 65 characters can never be a local part
    }
}
