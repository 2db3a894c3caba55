package dev.llmgateway.gateway.metrics;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets a handler declare a {@link RequestMeter} parameter; doing so counts its requests as API requests. */
public final class RequestMeterArgumentResolver implements HandlerMethodArgumentResolver {
    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == RequestMeter.class;
    }

    @Override
    public RequestMeter resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                        WebDataBinderFactory binders) {
        return RequestMeteringFilter.meterOf(request.getNativeRequest(HttpServletRequest.class));
    }
}
